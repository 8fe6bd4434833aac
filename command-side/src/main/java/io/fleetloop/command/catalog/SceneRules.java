package io.fleetloop.command.catalog;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.api.catalog.SceneTagRule;
import io.fleetloop.api.common.FleetloopException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The scene-mining rule language: CEL ({@code dev.cel:cel}, sandboxed, bounded) over the features a job derives from
 * an asset, or declarative thresholds over the same features. Checked here when rules are published (a bad rule is
 * refused naming the rule and the position), and run by the scene-mining job ({@link #evaluator}).
 *
 * <p>Features: numbers {@value #NUMBER_LIST}; flags {@code hasSpeed hasTime hasLocation hasObjects}; strings
 * {@code weather modality geohash}; maps {@code objects} (class → count, doubles) and {@code attributes}.
 */
public final class SceneRules {

    static final String NUMBER_LIST = "speedMeanKph speedMaxKph speedP90Kph stopCount stoppedFraction durationS brakingEvents "
            + "maxDecelMps2 hourLocal objectsTotal latitude longitude";
    public static final List<String> NUMBERS = List.of(NUMBER_LIST.split(" "));
    public static final List<String> FLAGS = List.of("hasSpeed", "hasTime", "hasLocation", "hasObjects");
    public static final List<String> STRINGS = List.of("weather", "modality", "geohash");
    static final int MAX_RULES = 200;
    static final int MAX_EXPRESSION_LENGTH = 1024;
    private static final Set<String> OPS = Set.of("<", "<=", ">", ">=", "==", "!=");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.:/-]{0,63}");
    private static final Pattern OBJECT_FEATURE = Pattern.compile("objects\\.[A-Za-z0-9_.-]{1,64}");

    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true)
            .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH).build();
    private static final CelCompiler COMPILER = compiler();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private SceneRules() {
    }

    private static CelCompiler compiler() {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS).setResultType(SimpleType.BOOL);
        NUMBERS.forEach(n -> builder.addVar(n, SimpleType.DOUBLE));
        FLAGS.forEach(f -> builder.addVar(f, SimpleType.BOOL));
        STRINGS.forEach(s -> builder.addVar(s, SimpleType.STRING));
        builder.addVar("objects", MapType.create(SimpleType.STRING, SimpleType.DOUBLE));
        builder.addVar("attributes", MapType.create(SimpleType.STRING, SimpleType.STRING));
        return builder.build();
    }

    /** Refuses rules that would not run, naming the field ({@code tags[2].when}) and, for CEL, line and column. */
    public static void check(SceneMiningRules rules) {
        if (rules == null) throw FleetloopException.invalid("rules", "required");
        if (rules.version() < 1) throw FleetloopException.invalid("version", "a positive integer above the current version");
        if (rules.tags().isEmpty() || rules.tags().size() > MAX_RULES) {
            throw FleetloopException.invalid("tags", "1 to " + MAX_RULES + " tag rules");
        }
        if (!(rules.brakingDecelMps2() > 0 && rules.brakingDecelMps2() <= 20)) {
            throw FleetloopException.invalid("brakingDecelMps2", "more than 0 and at most 20 (m/s²)");
        }
        if (rules.geohashPrecision() < 0 || rules.geohashPrecision() > 9) {
            throw FleetloopException.invalid("geohashPrecision", "0 (no location cluster tag) to 9");
        }
        if (!(rules.longTailMaxFraction() > 0 && rules.longTailMaxFraction() <= 1)) {
            throw FleetloopException.invalid("longTailMaxFraction", "more than 0 and at most 1");
        }
        for (int i = 0; i < rules.tags().size(); i++) {
            compile(rules.tags().get(i), "tags[" + i + "]");
        }
    }

    /** A compiled tag rule. */
    private record Compiled(String tag, CelRuntime.Program program, SceneTagRule threshold) {
    }

    private static Compiled compile(SceneTagRule rule, String field) {
        if (rule == null) throw FleetloopException.invalid(field, "required");
        if (rule.tag() == null || !TAG.matcher(rule.tag()).matches() || rule.tag().startsWith("geo:")) {
            throw FleetloopException.invalid(field + ".tag", "letters, digits, _ . : / - (at most 64), not starting with geo:");
        }
        boolean cel = rule.when() != null && !rule.when().isBlank();
        boolean threshold = rule.feature() != null || rule.op() != null || rule.value() != null;
        if (cel == threshold) throw FleetloopException.invalid(field, "either when (CEL) or feature, op and value");
        if (threshold) {
            if (rule.feature() == null || !(NUMBERS.contains(rule.feature()) || OBJECT_FEATURE.matcher(rule.feature()).matches())) {
                throw FleetloopException.invalid(field + ".feature", "one of " + NUMBERS + " or objects.<class>");
            }
            if (rule.op() == null || !OPS.contains(rule.op())) throw FleetloopException.invalid(field + ".op", "one of " + new TreeSet<>(OPS));
            if (rule.value() == null || !Double.isFinite(rule.value())) throw FleetloopException.invalid(field + ".value", "a number");
            return new Compiled(rule.tag(), null, rule);
        }
        if (rule.when().length() > MAX_EXPRESSION_LENGTH) {
            throw FleetloopException.invalid(field + ".when", "at most " + MAX_EXPRESSION_LENGTH + " characters");
        }
        CelValidationResult result = COMPILER.compile(rule.when());
        if (result.hasError()) {
            CelIssue issue = result.getErrors().get(0);
            throw FleetloopException.invalid(field + ".when", "at line " + issue.getSourceLocation().getLine() + ", column "
                    + (issue.getSourceLocation().getColumn() + 1) + ": " + issue.getMessage());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new Compiled(rule.tag(), RUNTIME.createProgram(ast), null);
        } catch (Exception e) {
            throw FleetloopException.invalid(field + ".when", "cannot run: " + e.getMessage());
        }
    }

    /** Runs a rule set over an asset's features. */
    public static final class Evaluator {
        private final List<Compiled> rules;

        private Evaluator(List<Compiled> rules) {
            this.rules = rules;
        }

        /**
         * The tags whose rule holds, sorted. {@code features} holds every number, flag and string feature (absent
         * numbers as NaN, so every comparison with them is false), {@code objects} and {@code attributes}. A rule
         * that fails at run time (a key missing from a map) does not hold.
         */
        public List<String> tags(Map<String, Object> features) {
            TreeSet<String> tags = new TreeSet<>();
            for (Compiled rule : rules) {
                if (rule.threshold() != null ? holds(rule.threshold(), features) : holds(rule.program(), features)) tags.add(rule.tag());
            }
            return new ArrayList<>(tags);
        }

        private static boolean holds(CelRuntime.Program program, Map<String, Object> features) {
            try {
                return Boolean.TRUE.equals(program.eval(features));
            } catch (CelEvaluationException e) {
                return false;
            }
        }

        @SuppressWarnings("unchecked")
        private static boolean holds(SceneTagRule rule, Map<String, Object> features) {
            Object raw = rule.feature().startsWith("objects.")
                    ? ((Map<String, Double>) features.getOrDefault("objects", Map.of())).get(rule.feature().substring("objects.".length()))
                    : features.get(rule.feature());
            if (!(raw instanceof Number number) || Double.isNaN(number.doubleValue())) return false;
            double x = number.doubleValue();
            double v = rule.value();
            return switch (rule.op()) {
                case "<" -> x < v;
                case "<=" -> x <= v;
                case ">" -> x > v;
                case ">=" -> x >= v;
                case "==" -> x == v;
                default -> x != v;
            };
        }
    }

    /** Compiles published (checked) rules for a job. */
    public static Evaluator evaluator(SceneMiningRules rules) {
        List<Compiled> compiled = new ArrayList<>();
        for (int i = 0; i < rules.tags().size(); i++) compiled.add(compile(rules.tags().get(i), "tags[" + i + "]"));
        return new Evaluator(compiled);
    }
}
