package io.fleetloop.command.orchestration;

import dev.cel.common.CelValidationResult;
import dev.cel.compiler.CelCompiler;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.CollectionTrigger;
import io.fleetloop.api.orchestration.CompressionRule;
import io.fleetloop.api.orchestration.DeviceSelector;
import io.fleetloop.api.orchestration.FlowRule;
import io.fleetloop.formats.trigger.TriggerLanguage;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of an edge collection (COLLECT) flow, a plain object the {@link DataFlow} aggregate is handed. Trigger
 * expressions are CEL (Common Expression Language, {@code dev.cel:cel}): sandboxed (no I/O, no loops beyond CEL's
 * bounded macros), parsed and type-checked here against the declared signals (doubles) and {@code abs(x)},
 * {@code min(a, b)}, {@code max(a, b)}; the result must be a bool — declared once in {@link TriggerLanguage}, which the
 * edge agent's {@code RuleEvaluator} uses too.
 */
public final class CollectionRuleCheck {

    static final int MAX_EXPRESSION_LENGTH = TriggerLanguage.MAX_EXPRESSION_LENGTH;
    private static final Pattern TARGET_PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,255}");
    private static final Set<String> DEVICE_TYPES = Set.of("VEHICLE", "ROBOT", "INDUSTRIAL");

    private final double maxWindowSeconds;
    private final CelCompiler compiler;

    public CollectionRuleCheck(double maxWindowSeconds, List<String> signals) {
        this.maxWindowSeconds = maxWindowSeconds;
        this.compiler = TriggerLanguage.compiler(signals);
    }

    void check(FlowRule rule, CompressionRule compression, String targetPath, DeviceSelector selector) {
        CollectionTrigger trigger = rule == null ? null : rule.trigger();
        if (trigger == null) throw FleetloopException.invalid("flowRule.trigger", "required for a COLLECT flow");
        if (trigger.kinds() == null || trigger.kinds().isEmpty() || trigger.kinds().stream().anyMatch(java.util.Objects::isNull)) {
            throw FleetloopException.invalid("flowRule.trigger.kinds", "one or more of TAKEOVER, HARD_BRAKING, ACCIDENT_FLAG, EXPRESSION");
        }
        boolean hasExpression = trigger.expression() != null && !trigger.expression().isBlank();
        if (trigger.kinds().contains(CollectionTrigger.Kind.EXPRESSION) != hasExpression) {
            throw FleetloopException.invalid("flowRule.trigger.expression", "given exactly when kinds contains EXPRESSION");
        }
        if (hasExpression) expression(trigger.expression());
        window("flowRule.trigger.preSeconds", trigger.preSeconds());
        window("flowRule.trigger.postSeconds", trigger.postSeconds());
        if (trigger.rateLimit() == null || trigger.rateLimit() < 1 || trigger.rateLimit() > 3600) {
            throw FleetloopException.invalid("flowRule.trigger.rateLimit", "clips per device and hour, 1-3600");
        }
        if (compression == null) throw FleetloopException.invalid("compressionRule", "required for a COLLECT flow");
        if (!"zstd".equals(compression.codec())) throw FleetloopException.invalid("compressionRule.codec", "zstd");
        if (compression.level() != null && (compression.level() < 1 || compression.level() > 22)) {
            throw FleetloopException.invalid("compressionRule.level", "1-22");
        }
        if (compression.dictionary() != null && !compression.dictionary().matches("[A-Za-z0-9._:-]{1,128}")) {
            throw FleetloopException.invalid("compressionRule.dictionary", "an asset id or null");
        }
        if (compression.targetRatio() != null && !(compression.targetRatio() >= 1 && compression.targetRatio() <= 10_000)) {
            throw FleetloopException.invalid("compressionRule.targetRatio", "1-10000");
        }
        if (targetPath == null || !TARGET_PATH.matcher(targetPath).matches() || targetPath.contains("..")) {
            throw FleetloopException.invalid("targetPath", "a relative path below the tenant: letters, digits and . _ / - (no ..)");
        }
        if (selector != null && selector.deviceType() != null && !DEVICE_TYPES.contains(selector.deviceType().toUpperCase(Locale.ROOT))) {
            throw FleetloopException.invalid("deviceSelector.deviceType", "VEHICLE, ROBOT or INDUSTRIAL");
        }
    }

    /** Parses and type-checks a trigger expression; a problem names its line, column and CEL's reason. */
    void expression(String expression) {
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw FleetloopException.invalid("flowRule.trigger.expression", "at most " + MAX_EXPRESSION_LENGTH + " characters");
        }
        CelValidationResult result = compiler.compile(expression);
        String problem = TriggerLanguage.problem(result);
        if (problem != null) throw FleetloopException.invalid("flowRule.trigger.expression", problem);
    }

    private void window(String field, Double seconds) {
        if (seconds == null || !(seconds > 0) || seconds > maxWindowSeconds) {
            throw FleetloopException.invalid(field, "more than 0 and at most the ring buffer's " + maxWindowSeconds + " s"
                    + " (fleetloop.edge-collection.max-window-seconds)");
        }
    }
}
