package io.fleetloop.command.simulation;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ScenarioType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioValidationTest {

    private static String field(Runnable action) {
        try {
            action.run();
        } catch (FleetloopException e) {
            return e.getMessage() + " " + e.details();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void unitsAreConvertedDefaultsFilledAndBadParametersNamed() {
        Map<String, ParamRange> normalized = ScenarioValidation.normalize(ScenarioType.CUT_IN,
                Map.of("egoSpeed", new ParamRange(36.0, 72.0, "km/h"), "lidarNoise", new ParamRange(1.0, 2.0, "cm")));
        assertThat(normalized.get("egoSpeed")).isEqualTo(new ParamRange(10.0, 20.0, "m/s"));
        assertThat(normalized.get("lidarNoise")).isEqualTo(new ParamRange(0.01, 0.02, "m"));
        assertThat(normalized).containsKeys("actorSpeed", "gap", "actorCount", "rainRate", "duration", "sampleRate");

        assertThat(field(() -> ScenarioValidation.normalize(null, Map.of()))).contains("scenarioType");
        assertThat(field(() -> ScenarioValidation.normalize(ScenarioType.CUT_IN, Map.of()))).contains("scenarioParams.egoSpeed");
        assertThat(field(() -> ScenarioValidation.normalize(ScenarioType.CUT_IN, Map.of("egoSpeed", new ParamRange(20.0, 10.0, "m/s")))))
                .contains("scenarioParams.egoSpeed");
        assertThat(field(() -> ScenarioValidation.normalize(ScenarioType.PEDESTRIAN_CROSSING,
                Map.of("egoSpeed", new ParamRange(5.0, 10.0, "m/s"), "actorSpeed", new ParamRange(1.0, 6.0, "m/s")))))
                .contains("scenarioParams.actorSpeed.max");
        assertThat(field(() -> ScenarioValidation.normalize(ScenarioType.CUT_IN,
                Map.of("egoSpeed", new ParamRange(5.0, 10.0, "furlongs/fortnight"))))).contains("scenarioParams.egoSpeed.unit");
        assertThat(field(() -> ScenarioValidation.normalize(ScenarioType.CUT_IN,
                Map.of("egoSpeed", new ParamRange(5.0, 10.0, "m/s"), "actorCount", new ParamRange(1.5, 2.0, "count")))))
                .contains("scenarioParams.actorCount");
        assertThat(field(() -> ScenarioValidation.normalize(ScenarioType.CUT_IN,
                Map.of("egoSpeed", new ParamRange(null, 10.0, "m/s"))))).contains("scenarioParams.egoSpeed.min");
    }

    @Test
    void openScenarioParameterDeclarationsBecomeRangesAndDoctypesAreRefused() {
        String xosc = """
                <OpenSCENARIO><FileHeader description="imported"/><ParameterDeclarations>
                <ParameterDeclaration name="EgoSpeed" parameterType="double" value="15"/>
                <ParameterDeclaration name="gap_min" parameterType="double" value="10"/>
                <ParameterDeclaration name="GAP_MAX" parameterType="double" value="30"/>
                </ParameterDeclarations></OpenSCENARIO>""";
        OpenScenarioImport.Parsed parsed = OpenScenarioImport.parse(xosc.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.name()).isEqualTo("imported");
        assertThat(parsed.params()).containsEntry("egoSpeed", new ParamRange(15.0, 15.0, "m/s"))
                .containsEntry("gap", new ParamRange(10.0, 30.0, "m"));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><OpenSCENARIO>&e;</OpenSCENARIO>";
        assertThatThrownBy(() -> OpenScenarioImport.parse(xxe.getBytes(StandardCharsets.UTF_8))).isInstanceOf(FleetloopException.class);
    }
}
