package io.fleetloop.formats.synthetic;

import io.fleetloop.formats.dbc.DbcCodec;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import io.fleetloop.formats.dbc.DbcParser;
import io.fleetloop.formats.dbc.DbcSignal;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic, physically consistent synthetic drive for tests, demos and benchmarks: a car accelerates to
 * about 72 km/h, cruises through gentle curves and brakes to a stop. One pass of a 5 ms simulation writes, in
 * step, a candump log (8 messages, 52 signals of {@link #DBC}, at 10/20/100 ms), an IMU CSV at 200 Hz and a GNSS
 * CSV at 10 Hz, so memory stays constant however long the drive. Speed on CAN, IMU acceleration and GNSS speed
 * agree (plus small seeded noise), which lets clock-offset estimation find a known offset.
 */
public final class SyntheticDrive {

    /** Where the drive starts, how long it lasts, the noise seed, and a GNSS clock offset to plant. */
    public record Config(long startNanos, long durationNanos, long seed, long gnssClockOffsetNanos) {
        public static Config seconds(long startEpochSeconds, int seconds) {
            return new Config(startEpochSeconds * 1_000_000_000L, seconds * 1_000_000_000L, 42, 0);
        }
    }

    public static final String DBC = """
            VERSION "fleetloop-synthetic-1"

            NS_ :
            \tCM_
            \tVAL_

            BS_:

            BU_: ABS ESP EPS ECM BCM BMS ADAS

            BO_ 256 WheelSpeeds: 8 ABS
             SG_ WheelSpeedFL : 0|16@1+ (0.01,0) [0|655.35] "km/h" ESP
             SG_ WheelSpeedFR : 16|16@1+ (0.01,0) [0|655.35] "km/h" ESP
             SG_ WheelSpeedRL : 32|16@1+ (0.01,0) [0|655.35] "km/h" ESP
             SG_ WheelSpeedRR : 48|16@1+ (0.01,0) [0|655.35] "km/h" ESP

            BO_ 272 VehicleDynamics: 8 ESP
             SG_ VehicleSpeed : 0|16@1+ (0.01,0) [0|655.35] "km/h" ECM,ADAS
             SG_ LongAccel : 16|16@1- (0.001,0) [-32.768|32.767] "m/s2" ADAS
             SG_ LatAccel : 32|16@1- (0.001,0) [-32.768|32.767] "m/s2" ADAS
             SG_ YawRate : 48|16@1- (0.01,0) [-327.68|327.67] "deg/s" ADAS

            BO_ 288 Steering: 8 EPS
             SG_ SteeringAngle : 7|16@0- (0.1,0) [-3276.8|3276.7] "deg" ADAS
             SG_ SteeringRate : 23|16@0- (0.1,0) [-3276.8|3276.7] "deg/s" ADAS
             SG_ SteeringTorque : 39|12@0- (0.01,0) [-20.48|20.47] "Nm" ADAS
             SG_ SteeringCounter : 43|4@0+ (1,0) [0|15] "" ADAS
             SG_ SteeringChecksum : 63|8@0+ (1,0) [0|255] "" ADAS

            BO_ 304 Powertrain: 8 ECM
             SG_ EngineSpeed : 0|16@1+ (0.25,0) [0|16383.75] "rpm" BCM
             SG_ ThrottlePos : 16|8@1+ (0.4,0) [0|100] "%" BCM
             SG_ AccelPedal : 24|8@1+ (0.4,0) [0|100] "%" BCM
             SG_ GearActual : 32|4@1+ (1,0) [0|15] "" BCM
             SG_ GearTarget : 36|4@1+ (1,0) [0|15] "" BCM
             SG_ EngineTorque : 40|16@1- (0.1,0) [-3276.8|3276.7] "Nm" BCM
             SG_ CoolantTemp : 56|8@1+ (1,-40) [-40|215] "degC" BCM

            BO_ 320 Brakes: 8 ESP
             SG_ BrakePressure : 0|16@1+ (0.01,0) [0|655.35] "bar" ADAS
             SG_ BrakePedal : 16|8@1+ (0.4,0) [0|100] "%" ADAS
             SG_ AbsActive : 24|1@1+ (1,0) [0|1] "" ADAS
             SG_ EspActive : 25|1@1+ (1,0) [0|1] "" ADAS
             SG_ ParkingBrake : 26|1@1+ (1,0) [0|1] "" ADAS
             SG_ BrakeLightOn : 27|1@1+ (1,0) [0|1] "" BCM
             SG_ BrakeTempFL : 32|8@1+ (1,-40) [-40|215] "degC" ADAS
             SG_ BrakeTempFR : 40|8@1+ (1,-40) [-40|215] "degC" ADAS
             SG_ BrakeTempRL : 48|8@1+ (1,-40) [-40|215] "degC" ADAS
             SG_ BrakeTempRR : 56|8@1+ (1,-40) [-40|215] "degC" ADAS

            BO_ 336 BodyStatus: 8 BCM
             SG_ TurnSignal : 0|2@1+ (1,0) [0|3] "" ADAS
             SG_ HeadLights : 2|2@1+ (1,0) [0|3] "" ADAS
             SG_ Wipers : 4|3@1+ (1,0) [0|7] "" ADAS
             SG_ DoorFL : 8|1@1+ (1,0) [0|1] "" ADAS
             SG_ DoorFR : 9|1@1+ (1,0) [0|1] "" ADAS
             SG_ DoorRL : 10|1@1+ (1,0) [0|1] "" ADAS
             SG_ DoorRR : 11|1@1+ (1,0) [0|1] "" ADAS
             SG_ Trunk : 12|1@1+ (1,0) [0|1] "" ADAS
             SG_ SeatbeltDriver : 13|1@1+ (1,0) [0|1] "" ADAS
             SG_ AmbientTemp : 16|8@1+ (0.5,-40) [-40|87.5] "degC" ADAS
             SG_ Odometer : 24|32@1+ (0.1,0) [0|429496729.5] "km" ADAS

            BO_ 352 Battery: 8 BMS
             SG_ BatteryVoltage : 7|16@0+ (0.001,0) [0|65.535] "V" ECM
             SG_ BatteryCurrent : 23|16@0- (0.01,0) [-327.68|327.67] "A" ECM
             SG_ StateOfCharge : 39|8@0+ (0.5,0) [0|100] "%" ECM
             SG_ BatteryTemp : 47|8@0+ (1,-40) [-40|215] "degC" ECM

            BO_ 368 Adas: 8 ADAS
             SG_ AdasPage M : 0|8@1+ (1,0) [0|1] "" ECM
             SG_ AccState m0 : 8|3@1+ (1,0) [0|7] "" ECM
             SG_ AccSetSpeed m0 : 16|8@1+ (1,0) [0|255] "km/h" ECM
             SG_ TimeGap m0 : 24|8@1+ (0.1,0) [0|25.5] "s" ECM
             SG_ LeadDistance m1 : 8|16@1+ (0.01,0) [0|655.35] "m" ECM
             SG_ LeadRelSpeed m1 : 24|16@1- (0.01,0) [-327.68|327.67] "m/s" ECM
             SG_ LaneOffset m1 : 40|16@1- (0.001,0) [-32.768|32.767] "m" ECM

            CM_ BO_ 368 "ADAS status, page 0: cruise control, page 1: lead vehicle and lane.";
            VAL_ 304 GearActual 0 "P" 1 "R" 2 "N" 3 "D" ;
            VAL_ 336 TurnSignal 0 "Off" 1 "Left" 2 "Right" 3 "Hazard" ;
            VAL_ 368 AccState 0 "Off" 1 "Standby" 2 "Active" 3 "Override" ;
            """;

    private static final long STEP = 5_000_000L; // 200 Hz
    private static final double ORIGIN_LAT = 31.2304;
    private static final double ORIGIN_LON = 121.4737;
    private static final double EARTH_RADIUS = 6_371_000.0;

    private final Config config;
    private final Map<String, DbcMessage> messages = new HashMap<>();
    private final Random noise;

    public SyntheticDrive(Config config) {
        this.config = config;
        this.noise = new Random(config.seed());
        DbcParser.parse(DBC).messages().forEach(m -> messages.put(m.name(), m));
    }

    public static DbcFile dbcFile() {
        return DbcParser.parse(DBC);
    }

    /** Writes drive.dbc, can.log, imu.csv and gnss.csv into {@code dir}. */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("drive.dbc"), DBC);
        try (Writer can = Files.newBufferedWriter(dir.resolve("can.log"));
             Writer imu = Files.newBufferedWriter(dir.resolve("imu.csv"));
             Writer gnss = Files.newBufferedWriter(dir.resolve("gnss.csv"))) {
            write(can, imu, gnss);
        }
    }

    /** Speed profile in m/s: 12 s accelerating to 20 m/s, cruising, braking over the last 10 s. */
    double speedAt(double t, double total) {
        double cruise = 20.0;
        if (t < 12) {
            return cruise * (0.5 - 0.5 * Math.cos(Math.PI * t / 12));
        }
        double brakeStart = Math.max(12, total - 10);
        if (t < brakeStart) {
            return cruise;
        }
        double f = Math.min(1, (t - brakeStart) / Math.max(1e-9, total - brakeStart));
        return cruise * (0.5 + 0.5 * Math.cos(Math.PI * f));
    }

    public void write(Writer canOut, Writer imuOut, Writer gnssOut) throws IOException {
        BufferedWriter can = new BufferedWriter(canOut);
        BufferedWriter imu = new BufferedWriter(imuOut);
        BufferedWriter gnss = new BufferedWriter(gnssOut);
        imu.write("timestamp,ax,ay,az,gx,gy,gz\n");
        gnss.write("timestamp,lat,lon,alt,speed,heading,fix\n");
        double total = config.durationNanos() / 1e9;
        double heading = 0;
        double north = 0;
        double east = 0;
        double previousSpeed = 0;
        double previousSteer = 0;
        double odometer = 12_345.6;
        int counter = 0;
        long steps = config.durationNanos() / STEP;
        for (long i = 0; i <= steps; i++) {
            long now = config.startNanos() + i * STEP;
            double t = i * STEP / 1e9;
            double v = speedAt(t, total);
            double accel = (v - previousSpeed) / (STEP / 1e9);
            double yawRate = v > 1 ? 0.06 * Math.sin(2 * Math.PI * t / 40) : 0; // rad/s, gentle S-curves
            double latAccel = v * yawRate;
            double steer = Math.toDegrees(Math.atan(2.7 * yawRate / Math.max(v, 0.1))) * 15; // ratio 15
            heading += yawRate * STEP / 1e9;
            north += v * Math.cos(heading) * STEP / 1e9;
            east += v * Math.sin(heading) * STEP / 1e9;
            odometer += v * STEP / 1e12;

            imu.write(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.5f,%.5f,%.5f\n", seconds(now),
                    accel + gauss(0.02), latAccel + gauss(0.02), 9.81 + gauss(0.02),
                    gauss(0.001), gauss(0.001), yawRate + gauss(0.001)));

            if (i % 2 == 0) { // 10 ms
                double kmh = v * 3.6;
                frame(can, now, "WheelSpeeds", Map.of("WheelSpeedFL", kmh * (1 - 0.01 * yawRate),
                        "WheelSpeedFR", kmh * (1 + 0.01 * yawRate), "WheelSpeedRL", kmh, "WheelSpeedRR", kmh));
                frame(can, now, "VehicleDynamics", Map.of("VehicleSpeed", kmh, "LongAccel", accel,
                        "LatAccel", latAccel, "YawRate", Math.toDegrees(yawRate)));
                Map<String, Double> steering = new HashMap<>(Map.of("SteeringAngle", steer,
                        "SteeringRate", (steer - previousSteer) / 0.01, "SteeringTorque", 0.2 * steer / 15,
                        "SteeringCounter", (double) (counter++ & 0xF)));
                frame(can, now, "Steering", steering);
                previousSteer = steer;
            }
            boolean braking = accel < -0.05;
            if (i % 4 == 0) { // 20 ms
                double throttle = accel > 0 ? Math.min(100, 15 + accel * 30) : (braking ? 0 : 12);
                frame(can, now, "Powertrain", Map.of("EngineSpeed", 800 + v * 90, "ThrottlePos", throttle,
                        "AccelPedal", throttle, "GearActual", 3.0, "GearTarget", 3.0,
                        "EngineTorque", 40 + Math.max(0, accel) * 120, "CoolantTemp", 88.0));
                frame(can, now, "Brakes", Map.of("BrakePressure", braking ? -accel * 12 : 0.0,
                        "BrakePedal", braking ? Math.min(100, -accel * 20) : 0.0, "BrakeLightOn", braking ? 1.0 : 0.0,
                        "BrakeTempFL", 60.0, "BrakeTempFR", 60.0, "BrakeTempRL", 55.0, "BrakeTempRR", 55.0));
                boolean page = (i / 4) % 2 == 1;
                frame(can, now, "Adas", page
                        ? Map.of("AdasPage", 1.0, "LeadDistance", 35 + 5 * Math.sin(t / 7), "LeadRelSpeed",
                        0.5 * Math.cos(t / 7), "LaneOffset", 0.1 * Math.sin(t / 3))
                        : Map.of("AdasPage", 0.0, "AccState", v > 15 ? 2.0 : 1.0, "AccSetSpeed", 72.0,
                        "TimeGap", 1.8));
            }
            if (i % 20 == 0) { // 100 ms
                frame(can, now, "BodyStatus", Map.of("TurnSignal", yawRate > 0.04 ? 1.0 : yawRate < -0.04 ? 2.0 : 0.0,
                        "HeadLights", 1.0, "SeatbeltDriver", 1.0, "AmbientTemp", 21.5, "Odometer", odometer));
                frame(can, now, "Battery", Map.of("BatteryVoltage", 14.1 + gauss(0.01), "BatteryCurrent",
                        -5 + gauss(0.2), "StateOfCharge", 87.5, "BatteryTemp", 30.0));
                long gnssTime = now + config.gnssClockOffsetNanos();
                double lat = ORIGIN_LAT + Math.toDegrees(north / EARTH_RADIUS);
                double lon = ORIGIN_LON + Math.toDegrees(east / (EARTH_RADIUS * Math.cos(Math.toRadians(ORIGIN_LAT))));
                gnss.write(String.format(Locale.ROOT, "%s,%.8f,%.8f,%.2f,%.3f,%.2f,%d\n", seconds(gnssTime),
                        lat + gauss(2e-7), lon + gauss(2e-7), 4.0 + gauss(0.3), Math.max(0, v + gauss(0.05)),
                        (Math.toDegrees(heading) % 360 + 360) % 360, 4));
            }
            previousSpeed = v;
        }
        can.flush();
        imu.flush();
        gnss.flush();
    }

    private void frame(Writer can, long now, String name, Map<String, Double> values) throws IOException {
        DbcMessage message = messages.get(name);
        Map<String, Double> clamped = new HashMap<>();
        values.forEach((signal, value) -> {
            DbcSignal s = message.signal(signal).orElseThrow();
            clamped.put(signal, Math.max(s.min(), Math.min(s.max(), value)));
        });
        byte[] data = DbcCodec.encode(message, clamped);
        if (name.equals("Steering")) {
            int sum = 0;
            for (int b = 0; b < 7; b++) {
                sum += data[b] & 0xFF;
            }
            data[7] = (byte) sum;
        }
        can.write("(" + seconds(now) + ") can0 " + String.format("%03X", message.id()) + "#"
                + HexFormat.of().withUpperCase().formatHex(data) + "\n");
    }

    private double gauss(double sigma) {
        return noise.nextGaussian() * sigma;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%d.%06d", nanos / 1_000_000_000L, (nanos % 1_000_000_000L) / 1000);
    }
}
