package io.fleetloop.edge.collect;

import io.fleetloop.ddi.json.model.DdiCollectionRule;
import io.fleetloop.ddi.json.model.DdiCollectionRules;
import io.fleetloop.ddi.json.model.DdiControllerBase;
import io.fleetloop.ddi.rest.api.DdiRestConstants;
import io.fleetloop.edge.ota.DdiClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a device's edge collection rules in step with the platform: on each poll whose base offers
 * {@code collectionRules}, asks for them with the version it runs ({@code If-None-Match}); only a changed version is
 * downloaded, compiled ({@link RuleEvaluator}) and reported back ({@code PUT collection-rules/status}). A rules fetch
 * that fails leaves the running rules in place and never stops the OTA poll.
 */
public final class CollectionRulesSync {

    /** A rule as the device runs it: the served rule and its compiled expression (null when it has none). */
    public record ActiveRule(DdiCollectionRule rule, RuleEvaluator.Rule expression) {

        public boolean expressionFires(Map<String, Double> signals) {
            return expression != null && expression.test(signals);
        }
    }

    private final DdiClient ddi;
    private final String controllerId;
    private final RuleEvaluator evaluator;
    private volatile String version;
    private volatile List<ActiveRule> rules = List.of();
    private volatile String lastError;

    public CollectionRulesSync(DdiClient ddi, String controllerId, RuleEvaluator evaluator) {
        this.ddi = ddi;
        this.controllerId = controllerId;
        this.evaluator = evaluator;
    }

    /** @return true when new rules were taken */
    public boolean onPoll(DdiControllerBase base) throws InterruptedException {
        Optional<String> href = base.href(DdiRestConstants.COLLECTION_RULES_ACTION);
        if (href.isEmpty()) return false;
        try {
            Optional<DdiCollectionRules> fetched = ddi.collectionRules(href.get(), version);
            if (fetched.isEmpty()) return false;
            List<ActiveRule> compiled = new ArrayList<>();
            for (DdiCollectionRule rule : fetched.get().rulesOrEmpty()) {
                String expression = rule.trigger() == null ? null : rule.trigger().expression();
                compiled.add(new ActiveRule(rule, expression == null || expression.isBlank() ? null : evaluator.compile(expression)));
            }
            rules = List.copyOf(compiled);
            version = fetched.get().version();
            ddi.collectionRulesStatus(href.get(), version);
            lastError = null;
            return true;
        } catch (IOException | RuntimeException e) {
            lastError = e.getMessage();
            return false;
        }
    }

    public String version() {
        return version;
    }

    public List<ActiveRule> rules() {
        return rules;
    }

    public String lastError() {
        return lastError;
    }
}
