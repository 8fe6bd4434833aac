package io.fleetloop.workers.simulation.engine;

/**
 * The kinematic bicycle model, referenced at the centre of gravity: {@code lf}, {@code lr} the distances from the CG to
 * the front and rear axles. With slip angle {@code β = atan(lr / (lf + lr) · tan δ)}:
 * {@code ẋ = v cos(ψ + β)}, {@code ẏ = v sin(ψ + β)}, {@code ψ̇ = v / lr · sin β}, {@code v̇ = a}; speed never below 0.
 * Integrated with explicit Euler steps; {@link StrictMath} keeps results bit-identical on every JVM.
 */
public final class BicycleModel {

    private BicycleModel() {
    }

    /** Slip angle at the CG for a steering angle. */
    public static double slip(double steer, double lf, double lr) {
        return StrictMath.atan(lr / (lf + lr) * StrictMath.tan(steer));
    }

    /** Advances {@code s} by {@code dt} seconds with acceleration {@code accel} (m/s²) and front steering {@code steer} (rad). */
    public static void step(Agent s, double accel, double steer, double dt) {
        double beta = slip(steer, s.lf, s.lr);
        s.x += s.v * StrictMath.cos(s.yaw + beta) * dt;
        s.y += s.v * StrictMath.sin(s.yaw + beta) * dt;
        s.yaw = wrap(s.yaw + s.v / s.lr * StrictMath.sin(beta) * dt);
        s.v = Math.max(0, s.v + accel * dt);
        s.accel = accel;
        s.steer = steer;
    }

    static double wrap(double angle) {
        double a = angle % (2 * Math.PI);
        if (a > Math.PI) a -= 2 * Math.PI;
        if (a < -Math.PI) a += 2 * Math.PI;
        return a;
    }
}
