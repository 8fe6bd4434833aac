package io.fleetloop.formats.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerLanguageTest {

    private final CelCompiler compiler = TriggerLanguage.compiler(TriggerLanguage.DEFAULT_SIGNALS);

    @Test
    void aRuleOverTheDeclaredSignalsCompilesAndRuns() throws Exception {
        var result = compiler.compile("speed > 20 && abs(yaw_rate) > 0.5 && max(brake_pressure, 0.0) >= 0");
        assertThat(TriggerLanguage.problem(result)).isNull();
        CelRuntime.Program program = TriggerLanguage.runtime().createProgram(result.getAst());
        assertThat(program.eval(Map.of("speed", 25.0, "yaw_rate", -0.7, "brake_pressure", 1.0))).isEqualTo(true);
        assertThat(program.eval(Map.of("speed", 25.0, "yaw_rate", 0.1, "brake_pressure", 1.0))).isEqualTo(false);
    }

    @Test
    void anUndeclaredSignalOrANonBoolResultIsRefusedWithItsPosition() {
        assertThat(TriggerLanguage.problem(compiler.compile("speed > 20 && tyre_temp > 3")))
                .startsWith("at line 1, column 15:").contains("tyre_temp");
        assertThat(TriggerLanguage.problem(compiler.compile("speed + 1"))).startsWith("at line 1");
        assertThat(TriggerLanguage.problem(TriggerLanguage.compiler(List.of("tyre_temp")).compile("tyre_temp > 3"))).isNull();
    }

    @Test
    void expressionsLongerThanTheLimitAreRefused() {
        String longRule = "speed > 1" + " || speed > 1".repeat(TriggerLanguage.MAX_EXPRESSION_LENGTH / 10);
        assertThat(TriggerLanguage.problem(compiler.compile(longRule))).isNotNull();
    }
}
