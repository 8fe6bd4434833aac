package io.fleetloop.edge.collect;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationResult;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fleetloop.formats.trigger.TriggerLanguage;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Runs a trigger expression on the device with the same CEL declarations the platform checks it with ({@link TriggerLanguage}):
 * the signals as doubles, {@code abs(x)}, {@code min(a, b)}, {@code max(a, b)}, int/double comparisons allowed, a bool
 * result. Sandboxed by CEL itself (no I/O, no unbounded loops). A compiled {@link Rule} is evaluated against the
 * current signal values; a signal with no value yet makes the rule not fire.
 */
public final class RuleEvaluator {

    /** The platform's default signal names ({@code fleetloop.edge-collection.signals}). */
    public static final List<String> DEFAULT_SIGNALS = TriggerLanguage.DEFAULT_SIGNALS;

    private final CelCompiler compiler;
    private final CelRuntime runtime;

    public RuleEvaluator() {
        this(DEFAULT_SIGNALS);
    }

    public RuleEvaluator(Collection<String> signals) {
        this.compiler = TriggerLanguage.compiler(signals);
        this.runtime = TriggerLanguage.runtime();
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
        String problem = TriggerLanguage.problem(result);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new Rule(expression, runtime.createProgram(ast));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot run " + expression + ": " + e.getMessage(), e);
        }
    }
}
