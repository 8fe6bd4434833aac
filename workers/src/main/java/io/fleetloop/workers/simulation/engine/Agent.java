package io.fleetloop.workers.simulation.engine;

/**
 * The ego or an actor: pose ({@code x, y} of the box centre on the ground, {@code yaw}), speed, last acceleration and
 * steering, and its box ({@code length} along the heading, {@code width}, {@code height}). Vehicles move by the
 * {@link BicycleModel}; pedestrians by their velocity ({@code vx, vy}).
 */
public final class Agent {

    public final String id;
    public final String category;
    public final boolean vehicle;
    public final double length, width, height;
    final double lf, lr;
    public double x, y, yaw, v, accel, steer;
    /** pedestrians: velocity */
    double vx, vy;
    /** pedestrians: goal and preferred speed; vehicles: desired speed, lane to keep (a line through a point with a heading) */
    double goalX, goalY, desiredSpeed;
    double laneX, laneY, laneHeading;
    /** scripted behaviour: time a manoeuvre starts (cut-in, hard braking), and its target lane offset */
    double manoeuvreAt = Double.POSITIVE_INFINITY, manoeuvreLaneY;
    boolean braking;

    Agent(String id, String category, boolean vehicle, double length, double width, double height) {
        this.id = id;
        this.category = category;
        this.vehicle = vehicle;
        this.length = length;
        this.width = width;
        this.height = height;
        this.lf = length * 0.3;
        this.lr = length * 0.3;
    }

    static Agent car(String id, double x, double y, double yaw, double v) {
        Agent a = new Agent(id, "Car", true, 4.4, 1.85, 1.55);
        a.x = x;
        a.y = y;
        a.yaw = yaw;
        a.v = v;
        a.desiredSpeed = v;
        a.laneX = x;
        a.laneY = y;
        a.laneHeading = yaw;
        return a;
    }

    static Agent pedestrian(String id, double x, double y, double goalX, double goalY, double speed, double height) {
        Agent a = new Agent(id, "Pedestrian", false, 0.6, 0.6, height);
        a.x = x;
        a.y = y;
        a.goalX = goalX;
        a.goalY = goalY;
        a.desiredSpeed = speed;
        double d = Math.hypot(goalX - x, goalY - y);
        a.vx = d == 0 ? 0 : speed * (goalX - x) / d;
        a.vy = d == 0 ? 0 : speed * (goalY - y) / d;
        a.v = speed;
        a.yaw = StrictMath.atan2(a.vy, a.vx);
        return a;
    }

    /** An immutable copy of the pose, for trajectories and the LiDAR frame. */
    Pose pose(double t) {
        return new Pose(t, id, category, x, y, yaw, v, accel, steer, length, width, height);
    }

    /** A sampled state of one agent. */
    public record Pose(double t, String id, String category, double x, double y, double yaw, double v, double accel, double steer,
                       double length, double width, double height) {
    }
}
