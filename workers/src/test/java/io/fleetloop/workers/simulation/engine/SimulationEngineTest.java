package io.fleetloop.workers.simulation.engine;

import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ScenarioParams;
import io.fleetloop.api.simulation.ScenarioType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimulationEngineTest {

    static final Map<String, ParamRange> CUT_IN = Map.of(
            ScenarioParams.EGO_SPEED, new ParamRange(12.0, 16.0, "m/s"),
            ScenarioParams.ACTOR_SPEED, new ParamRange(8.0, 10.0, "m/s"),
            ScenarioParams.GAP, new ParamRange(15.0, 25.0, "m"),
            ScenarioParams.ACTOR_COUNT, new ParamRange(2.0, 3.0, "count"),
            ScenarioParams.DURATION, new ParamRange(6.0, 6.0, "s"),
            ScenarioParams.SAMPLE_RATE, new ParamRange(10.0, 10.0, "Hz"));

    @Test
    void straightAheadWithoutSteeringTheBicycleKeepsItsLineAndSpeedIntegratesAcceleration() {
        Agent car = Agent.car("c", 0, 0, 0, 10);
        for (int i = 0; i < 100; i++) BicycleModel.step(car, 1.0, 0, 0.01);
        assertThat(car.y).isEqualTo(0.0);
        assertThat(car.v).isCloseTo(11.0, within(1e-9));
        assertThat(car.x).isCloseTo(10.5, within(0.01)); // v0 t + a t² / 2
    }

    @Test
    void constantSteeringDrivesTheCentreOfGravityOnACircleOfRadiusLrOverSinBeta() {
        Agent car = Agent.car("c", 0, 0, 0, 5);
        double steer = 0.2;
        double beta = BicycleModel.slip(steer, car.lf, car.lr);
        double radius = car.lr / Math.sin(beta);
        double cx = -radius * Math.sin(beta), cy = radius * Math.cos(beta);
        double maxError = 0;
        for (int i = 0; i < 20_000; i++) {
            BicycleModel.step(car, 0, steer, 0.0005);
            maxError = Math.max(maxError, Math.abs(Math.hypot(car.x - cx, car.y - cy) - radius));
        }
        assertThat(maxError).isLessThan(0.02 * radius);
        // yaw rate v / lr · sin β
        Agent fresh = Agent.car("d", 0, 0, 0, 5);
        BicycleModel.step(fresh, 0, steer, 0.01);
        assertThat(fresh.yaw).isCloseTo(5 / fresh.lr * Math.sin(beta) * 0.01, within(1e-12));
    }

    @Test
    void aRayStraightAheadHitsABoxAtItsNearFaceAndTheGroundAtHeightOverSinElevation() {
        LidarScanner.Box box = new LidarScanner.Box(20, 0, 0, 4, 2, 1.5, 0, 0.5);
        assertThat(LidarScanner.intersect(box, 1, 0, 1, 0, 0, 100)).isCloseTo(18.0, within(1e-9));
        // rotated by 90°: the near face is width/2 away from the centre
        LidarScanner.Box turned = new LidarScanner.Box(20, 0, 0, 4, 2, 1.5, Math.PI / 2, 0.5);
        assertThat(LidarScanner.intersect(turned, Math.cos(Math.PI / 2), Math.sin(Math.PI / 2), 1, 0, 0, 100)).isCloseTo(19.0, within(1e-9));
        // a ray passing beside the box misses it
        double a = Math.toRadians(10);
        assertThat(LidarScanner.intersect(box, 1, 0, Math.cos(a), Math.sin(a), 0, 100)).isInfinite();
        // a scan with one channel at -10°: every ground return lies on z = -h
        LidarScanner scanner = new LidarScanner(new LidarScanner.Settings(1, 360, -10, -10, 1.73, 80));
        LidarScanner.Scan scan = scanner.scan(List.of(), 0, 0, new SplittableRandom(1));
        assertThat(scan.size()).isEqualTo(360);
        for (int i = 0; i < scan.size(); i++) {
            assertThat(scan.points()[4 * i + 2]).isCloseTo(-1.73f, within(1e-4f));
            double range = Math.sqrt(Math.pow(scan.points()[4 * i], 2) + Math.pow(scan.points()[4 * i + 1], 2) + Math.pow(scan.points()[4 * i + 2], 2));
            assertThat(range).isCloseTo(1.73 / Math.sin(Math.toRadians(10)), within(1e-3));
        }
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
        SimulationEngine engine = new SimulationEngine();
        for (ScenarioType type : ScenarioType.values()) {
            SimulationEngine.Item a = engine.generate(type, CUT_IN, 42, 3);
            SimulationEngine.Item b = engine.generate(type, CUT_IN, 42, 3);
            SimulationEngine.Item c = engine.generate(type, CUT_IN, 43, 3);
            assertThat(sha(a.lidarBin())).isEqualTo(sha(b.lidarBin()));
            assertThat(sha(a.groundTruthJson())).isEqualTo(sha(b.groundTruthJson()));
            assertThat(sha(a.trajectoriesNdjson())).isEqualTo(sha(b.trajectoriesNdjson()));
            assertThat(sha(a.candump())).isEqualTo(sha(b.candump()));
            assertThat(sha(a.lidarBin())).isNotEqualTo(sha(c.lidarBin()));
        }
    }

    @Test
    void theCutInActorEndsInTheEgoLaneAndTheEgoSlowsDownBehindIt() {
        SimulationEngine.Item item = new SimulationEngine().generate(ScenarioType.CUT_IN, CUT_IN, 7, 0);
        String[] lines = new String(item.trajectoriesNdjson(), StandardCharsets.UTF_8).split("\n");
        String lastCutter = null, firstEgo = null, lastEgo = null;
        for (String line : lines) {
            if (line.contains("\"id\":\"actor-0\"")) lastCutter = line;
            if (line.contains("\"id\":\"ego\"")) {
                if (firstEgo == null) firstEgo = line;
                lastEgo = line;
            }
        }
        assertThat(Math.abs(number(lastCutter, "y"))).isLessThan(0.8);
        assertThat(number(lastEgo, "speed")).isLessThan(number(firstEgo, "speed"));
        assertThat(item.groundTruth()).isNotEmpty();
        assertThat(item.groundTruth().get(0).pointCount()).isGreaterThan(20);
    }

    @Test
    void theEgoBrakesForCrossingPedestriansAndTheCanLogCarriesItsSpeed() {
        Map<String, ParamRange> params = Map.of(ScenarioParams.EGO_SPEED, new ParamRange(10.0, 10.0, "m/s"),
                ScenarioParams.ACTOR_SPEED, new ParamRange(1.2, 1.2, "m/s"), ScenarioParams.GAP, new ParamRange(30.0, 30.0, "m"),
                ScenarioParams.ACTOR_COUNT, new ParamRange(3.0, 3.0, "count"), ScenarioParams.DURATION, new ParamRange(8.0, 8.0, "s"));
        SimulationEngine.Item item = new SimulationEngine().generate(ScenarioType.PEDESTRIAN_CROSSING, params, 1, 0);
        String can = new String(item.candump(), StandardCharsets.US_ASCII);
        String first = can.lines().filter(l -> l.contains(" 100#")).findFirst().orElseThrow();
        int raw = Integer.parseInt(first.substring(first.indexOf('#') + 3, first.indexOf('#') + 5) + first.substring(first.indexOf('#') + 1, first.indexOf('#') + 3), 16);
        assertThat(raw * 0.01).isCloseTo(36.0, within(0.01)); // 10 m/s in km/h
        assertThat(can).contains(" 101#");
        assertThat(item.groundTruth()).hasSize(3).allMatch(b -> b.category().equals("Pedestrian"));
        ByteBuffer points = ByteBuffer.wrap(item.lidarBin()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(points.capacity() / 16).isEqualTo(item.pointCount()).isGreaterThan(5000);
    }

    static double number(String json, String field) {
        int i = json.indexOf("\"" + field + "\":") + field.length() + 3;
        int end = i;
        while (end < json.length() && "-0123456789.eE".indexOf(json.charAt(end)) >= 0) end++;
        return Double.parseDouble(json.substring(i, end));
    }

    static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
