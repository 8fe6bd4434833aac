package io.fleetloop.edge.collect;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Runs a trigger expression on the device with the same CEL library and declarations the platform checks it with:
 * the signals as doubles, {@code abs(x)}, {@code min(a, b)}, {@code max(a, b)}, int/double comparisons allowed, a bool
 * result. Sandboxed by CEL itself (no I/O, no unbounded loops). A compiled {@link Rule} is evaluated against the
 * current signal values; a signal with no value yet makes the rule not fire.
 */
public final class RuleEvaluator {

    /** The platform's default signal names ({@code fleetloop.edge-collection.signals}). */
    public static final List<String> DEFAULT_SIGNALS = List.of("speed", "yaw_rate", "accel_x", "accel_y", "accel_z", "lat_accel",
            "long_accel", "brake_pressure", "brake_pedal", "throttle", "steering_angle", "steering_rate", "wheel_speed_fl",
            "wheel_speed_fr", "wheel_speed_rl", "wheel_speed_rr", "gear", "takeover", "accident_flag", "battery_soc", "odometer",
            "latitude", "longitude", "altitude", "heading");

    private final CelCompiler compiler;
    private final CelRuntime runtime;

    public RuleEvaluator() {
        this(DEFAULT_SIGNALS);
    }

    public RuleEvaluator(Collection<String> signals) {
        CelOptions options = CelOptions.current().enableHeterogeneousNumericComparisons(true).maxExpressionCodePointSize(1024).build();
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setResultType(SimpleType.BOOL)
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("abs", CelOverloadDecl.newGlobalOverload("abs_double", SimpleType.DOUBLE, SimpleType.DOUBLE)),
                        CelFunctionDecl.newFunctionDeclaration("min",
                                CelOverloadDecl.newGlobalOverload("min_double_double", SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE)),
                        CelFunctionDecl.newFunctionDeclaration("max",
                                CelOverloadDecl.newGlobalOverload("max_double_double", SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE)));
        signals.forEach(signal -> builder.addVar(signal, SimpleType.DOUBLE));
        this.compiler = builder.build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options)
                .addFunctionBindings(
                        CelFunctionBinding.from("abs_double", Double.class, Math::abs),
                        CelFunctionBinding.from("min_double_double", Double.class, Double.class, Math::min),
                        CelFunctionBinding.from("max_double_double", Double.class, Double.class, Math::max))
                .build();
    }

    /** A checked, ready-to-run expression. */
    public final class Rule {

        private final String expression;
        private final CelRuntime.Program program;

        private Rule(String expression, CelRuntime.Program program) {
            this.expression = expression;
            this.program = program;
        }

        public String expression() {
            return expression;
        }

        /** True when the expression holds for these signal values; false when a signal it reads has no value. */
        public boolean test(Map<String, Double> signals) {
            try {
                return Boolean.TRUE.equals(program.eval(signals));
            } catch (CelEvaluationException e) {
                return false;
            }
        }
    }

    /** Compiles {@code expression}; an expression that does not parse or type-check is refused with its position. */
    public Rule compile(String expression) {
        CelValidationResult result = compiler.compile(expression);
        if (result.hasError()) {
            CelIssue issue = result.getErrors().get(0);
            throw new IllegalArgumentException("at line " + issue.getSourceLocation().getLine() + ", column "
                    + (issue.getSourceLocation().getColumn() + 1) + ": " + issue.getMessage());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new Rule(expression, runtime.createProgram(ast));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot run " + expression + ": " + e.getMessage(), e);
        }
    }
}
