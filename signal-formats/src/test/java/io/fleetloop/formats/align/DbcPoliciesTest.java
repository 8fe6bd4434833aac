package io.fleetloop.formats.align;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.formats.synthetic.SyntheticDrive;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DbcPoliciesTest {

    @Test
    void flagsEnumsCountersAndMultiplexersHoldWhileMeasuredSignalsStayLinear() {
        Map<String, Interpolation> policies = DbcPolicies.discreteSignals("can", SyntheticDrive.dbcFile());

        assertThat(policies).containsEntry("can/Powertrain.GearActual", Interpolation.HOLD)
                .containsEntry("can/BodyStatus.TurnSignal", Interpolation.HOLD)
                .containsEntry("can/Brakes.AbsActive", Interpolation.HOLD)
                .containsEntry("can/Steering.SteeringCounter", Interpolation.HOLD)
                .containsEntry("can/Adas.AdasPage", Interpolation.HOLD)
                .containsEntry("can/Adas.AccState", Interpolation.HOLD)
                .doesNotContainKey("can/VehicleDynamics.VehicleSpeed")
                .doesNotContainKey("can/Brakes.BrakePressure");
        assertThat(policies.values()).containsOnly(Interpolation.HOLD);
    }
}
