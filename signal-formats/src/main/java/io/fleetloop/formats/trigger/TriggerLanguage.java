package io.fleetloop.formats.trigger;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.Collection;
import java.util.List;

/**
 * The one definition of the edge-collection trigger language, used by the platform (command side: a rule is checked at
 * {@code POST /v1/data-flows}) and by the edge agent (the rule is run on the device), so both accept exactly the same
 * expressions: CEL ({@code dev.cel:cel}, sandboxed: no I/O, no unbounded loops) over the signals, each declared a
 * double, plus {@code abs(x)}, {@code min(a, b)}, {@code max(a, b)}; int/double comparisons allowed; the result is a bool;
 * at most {@link #MAX_EXPRESSION_LENGTH} characters. CEL is an optional dependency of this module: only its users
 * (command-side, edge-agent) declare it.
 */
public final class TriggerLanguage {

    /** The default signal names a trigger expression may use ({@code fleetloop.edge-collection.signals}). */
    public static final List<String> DEFAULT_SIGNALS = List.of("speed", "yaw_rate", "accel_x", "accel_y", "accel_z", "lat_accel",
            "long_accel", "brake_pressure", "brake_pedal", "throttle", "steering_angle", "steering_rate", "wheel_speed_fl",
            "wheel_speed_fr", "wheel_speed_rl", "wheel_speed_rr", "gear", "takeover", "accident_flag", "battery_soc", "odometer",
            "latitude", "longitude", "altitude", "heading");

    public static final int MAX_EXPRESSION_LENGTH = 1024;

    private TriggerLanguage() {
    }

    public static CelOptions options() {
        return CelOptions.current().enableHeterogeneousNumericComparisons(true)
                .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH).build();
    }

    /** A compiler that type-checks trigger expressions over {@code signals} (doubles); the result type is bool. */
    public static CelCompiler compiler(Collection<String> signals) {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options())
                .setResultType(SimpleType.BOOL)
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("abs", CelOverloadDecl.newGlobalOverload("abs_double", SimpleType.DOUBLE, SimpleType.DOUBLE)),
                        CelFunctionDecl.newFunctionDeclaration("min",
                                CelOverloadDecl.newGlobalOverload("min_double_double", SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE)),
                        CelFunctionDecl.newFunctionDeclaration("max",
                                CelOverloadDecl.newGlobalOverload("max_double_double", SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE)));
        signals.forEach(signal -> builder.addVar(signal, SimpleType.DOUBLE));
        return builder.build();
    }

    /** The runtime with the bindings of {@code abs}, {@code min} and {@code max}. */
    public static CelRuntime runtime() {
        return CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options())
                .addFunctionBindings(
                        CelFunctionBinding.from("abs_double", Double.class, Math::abs),
                        CelFunctionBinding.from("min_double_double", Double.class, Double.class, Math::min),
                        CelFunctionBinding.from("max_double_double", Double.class, Double.class, Math::max))
                .build();
    }

    /** Null when the expression compiled; else its first problem as "at line L, column C: reason" (column 1-based). */
    public static String problem(CelValidationResult result) {
        if (!result.hasError()) {
            return null;
        }
        CelIssue issue = result.getErrors().get(0);
        return "at line " + issue.getSourceLocation().getLine() + ", column "
                + (issue.getSourceLocation().getColumn() + 1) + ": " + issue.getMessage();
    }
}
