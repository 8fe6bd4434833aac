package io.fleetloop.api.catalog;

/**
 * One tag rule: the asset gets {@code tag} when {@code when} (a CEL expression over the derived features, true or
 * false) holds, or, declaratively, when {@code feature op value} holds ({@code op} one of {@code < <= > >= == !=}).
 * Exactly one of the two forms is given. A feature the asset has none of (no signals, no pre-labels) makes the
 * declarative form false.
 */
public record SceneTagRule(String tag, String when, String feature, String op, Double value) {

    public static SceneTagRule cel(String tag, String when) {
        return new SceneTagRule(tag, when, null, null, null);
    }

    public static SceneTagRule threshold(String tag, String feature, String op, double value) {
        return new SceneTagRule(tag, null, feature, op, value);
    }
}
