package io.fleetloop.workers.simulation.engine;

import java.util.Locale;

/**
 * The ego's CAN-like signals: two 8-byte frames per sample, encoded with {@link #DBC} (Intel byte order), written as a
 * {@code candump -l} log so the platform's candump reader and DBC decoder read them like a vehicle's.
 */
public final class EgoCan {

    public static final String DBC_NAME = "fleetloop-sim-ego-v1.dbc";
    public static final int EGO_MOTION = 0x100;
    public static final int EGO_CONTROL = 0x101;

    public static final String DBC = """
            VERSION "fleetloop-sim-ego-v1"

            NS_ :

            BS_:

            BU_: SIM_EGO

            BO_ 256 EGO_MOTION: 8 SIM_EGO
             SG_ VehicleSpeed : 0|16@1+ (0.01,0) [0|655.35] "km/h" Vector__XXX
             SG_ LongAccel : 16|16@1- (0.001,0) [-32.768|32.767] "m/s2" Vector__XXX
             SG_ YawRate : 32|16@1- (0.0001,0) [-3.2768|3.2767] "rad/s" Vector__XXX

            BO_ 257 EGO_CONTROL: 8 SIM_EGO
             SG_ SteeringAngle : 0|16@1- (0.0001,0) [-3.2768|3.2767] "rad" Vector__XXX
             SG_ BrakeActive : 16|1@1+ (1,0) [0|1] "" Vector__XXX
             SG_ BrakeDecel : 24|16@1+ (0.001,0) [0|65.535] "m/s2" Vector__XXX

            CM_ BO_ 256 "Ego motion of the Fleetloop simulator";
            CM_ BO_ 257 "Ego control of the Fleetloop simulator";
            """;

    /** 2026-01-01T00:00:00Z: simulated logs start here, so the bytes never depend on the wall clock. */
    public static final long EPOCH_SECONDS = 1_767_225_600L;

    private final StringBuilder log = new StringBuilder();
    private final String channel;

    public EgoCan(String channel) {
        this.channel = channel;
    }

    void sample(double t, double speed, double accel, double yawRate, double steer) {
        byte[] motion = new byte[8];
        put(motion, 0, clampUnsigned(Math.round(speed * 3.6 / 0.01)));
        put(motion, 2, clampSigned(Math.round(accel / 0.001)));
        put(motion, 4, clampSigned(Math.round(yawRate / 0.0001)));
        byte[] control = new byte[8];
        put(control, 0, clampSigned(Math.round(steer / 0.0001)));
        boolean braking = accel < -0.5;
        control[2] = (byte) (braking ? 1 : 0);
        put(control, 3, clampUnsigned(Math.round(Math.max(0, -accel) / 0.001)));
        frame(t, EGO_MOTION, motion);
        frame(t + 0.0005, EGO_CONTROL, control);
    }

    private void frame(double t, int id, byte[] data) {
        long micros = Math.round(t * 1e6);
        log.append(String.format(Locale.ROOT, "(%d.%06d) %s %03X#", EPOCH_SECONDS + micros / 1_000_000, micros % 1_000_000, channel, id));
        for (byte b : data) log.append(String.format(Locale.ROOT, "%02X", b & 0xff));
        log.append('\n');
    }

    String text() {
        return log.toString();
    }

    private static void put(byte[] data, int offset, int value) {
        data[offset] = (byte) value;
        data[offset + 1] = (byte) (value >>> 8);
    }

    private static int clampSigned(long raw) {
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, raw));
    }

    private static int clampUnsigned(long raw) {
        return (int) Math.max(0, Math.min(0xFFFF, raw));
    }
}
