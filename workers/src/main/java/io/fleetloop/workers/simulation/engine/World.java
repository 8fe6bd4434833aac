package io.fleetloop.workers.simulation.engine;

import io.fleetloop.api.simulation.ScenarioType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One scenario run: a straight road with three 3.5 m lanes along x (centres y = -3.5, 0, 3.5; an intersection for the
 * left turn) or a 3 m warehouse aisle, the ego and its actors. The ego drives with an IDM-style adaptive cruise
 * control (desired speed, time gap 1.2 s, comfortable braking, hard braking up to 8 m/s² when needed) after a
 * reaction delay, and keeps its lane with a heading/offset steering controller; actors follow their scenario's script.
 */
final class World {

    static final double LANE_WIDTH = 3.5;
    static final double REACTION_SECONDS = 0.4;
    private static final double MAX_DECEL = 8;

    final ScenarioType type;
    final ScenarioDraw draw;
    final Agent ego;
    final List<Agent> actors = new ArrayList<>();
    private final double[] delayedAccel;
    private int delayIndex;
    private final double dt;
    double time;
    /** left turn: 0 approach, 1 turning, 2 exit */
    private int turnPhase;
    private double intersectionX;

    World(ScenarioType type, ScenarioDraw draw, SplittableRandom random, double dt) {
        this.type = type;
        this.draw = draw;
        this.dt = dt;
        this.delayedAccel = new double[Math.max(1, (int) Math.round(REACTION_SECONDS / dt))];
        if (type == ScenarioType.AGV_AISLE_CROSSING) {
            ego = new Agent("ego", "AGV", true, 1.4, 0.9, 0.6);
            ego.v = draw.egoSpeed();
            ego.desiredSpeed = draw.egoSpeed();
        } else {
            ego = Agent.car("ego", 0, 0, 0, draw.egoSpeed());
        }
        int n = Math.max(1, draw.actorCount());
        switch (type) {
            case CUT_IN -> {
                Agent cutter = Agent.car("actor-0", draw.gap(), LANE_WIDTH, 0, draw.actorSpeed());
                cutter.manoeuvreAt = 0.5 + random.nextDouble() * 1.5;
                cutter.manoeuvreLaneY = 0;
                actors.add(cutter);
                for (int i = 1; i < n; i++) {
                    double lane = (random.nextBoolean() ? 1 : -1) * LANE_WIDTH;
                    actors.add(Agent.car("actor-" + i, draw.gap() + 12 * i + random.nextDouble() * 6, lane, 0,
                            draw.actorSpeed() * (0.9 + 0.2 * random.nextDouble())));
                }
            }
            case EMERGENCY_BRAKING -> {
                Agent lead = Agent.car("actor-0", draw.gap(), 0, 0, draw.actorSpeed());
                lead.manoeuvreAt = 1 + random.nextDouble() * 2;
                actors.add(lead);
                for (int i = 1; i < n; i++) {
                    double lane = (i % 2 == 0 ? 1 : -1) * LANE_WIDTH;
                    actors.add(Agent.car("actor-" + i, draw.gap() * random.nextDouble() + 5, lane, 0,
                            draw.actorSpeed() * (0.9 + 0.2 * random.nextDouble())));
                }
            }
            case PEDESTRIAN_CROSSING -> {
                for (int i = 0; i < n; i++) {
                    double side = random.nextBoolean() ? 1 : -1;
                    double startY = -side * (LANE_WIDTH * 1.5 + 0.5 + random.nextDouble() * 2);
                    double x = draw.gap() + random.nextDouble() * 6;
                    actors.add(Agent.pedestrian("actor-" + i, x, startY, x + random.nextDouble() * 2 - 1, -startY,
                            draw.actorSpeed() * (0.85 + 0.3 * random.nextDouble()), 1.6 + random.nextDouble() * 0.3));
                }
            }
            case UNPROTECTED_LEFT_TURN -> {
                intersectionX = draw.gap();
                for (int i = 0; i < n; i++) {
                    double x = intersectionX + 15 + i * (18 + random.nextDouble() * 20);
                    actors.add(Agent.car("actor-" + i, x, LANE_WIDTH, Math.PI, draw.actorSpeed()));
                }
            }
            case AGV_AISLE_CROSSING -> {
                for (int i = 0; i < n; i++) {
                    double side = random.nextBoolean() ? 1 : -1;
                    double startY = -side * (2.5 + random.nextDouble() * 3);
                    double x = draw.gap() + i * 2.5 + random.nextDouble() * 2;
                    actors.add(Agent.pedestrian("actor-" + i, x, startY, x, -startY,
                            draw.actorSpeed() * (0.85 + 0.3 * random.nextDouble()), 1.6 + random.nextDouble() * 0.3));
                }
            }
        }
    }

    void step() {
        for (Agent actor : actors) {
            if (actor.vehicle) stepVehicleActor(actor);
            else stepPedestrian(actor);
        }
        stepEgo();
        time += dt;
    }

    private void stepVehicleActor(Agent a) {
        double accel = 0;
        if (type == ScenarioType.CUT_IN && time >= a.manoeuvreAt) a.laneY = a.manoeuvreLaneY;
        if (type == ScenarioType.EMERGENCY_BRAKING && time >= a.manoeuvreAt) {
            a.braking = true;
            accel = -6;
        }
        BicycleModel.step(a, accel, laneKeeping(a), dt);
    }

    /** Social force: towards the goal at the preferred speed (relaxation 0.5 s), pushed away from the ego and each other. */
    private void stepPedestrian(Agent p) {
        double dx = p.goalX - p.x, dy = p.goalY - p.y;
        double d = Math.hypot(dx, dy);
        double fx = 0, fy = 0;
        if (d > 0.2) {
            fx = (p.desiredSpeed * dx / d - p.vx) / 0.5;
            fy = (p.desiredSpeed * dy / d - p.vy) / 0.5;
        } else {
            fx = -p.vx / 0.5;
            fy = -p.vy / 0.5;
        }
        for (Agent other : actors) {
            if (other == p || other.vehicle) continue;
            double[] f = repulsion(p, other.x, other.y, 2.0, 0.3, 0.6);
            fx += f[0];
            fy += f[1];
        }
        double[] f = repulsion(p, ego.x, ego.y, 3.0, 0.6, ego.length / 2 + 0.5);
        fx += f[0];
        fy += f[1];
        p.vx += fx * dt;
        p.vy += fy * dt;
        double speed = Math.hypot(p.vx, p.vy);
        double max = p.desiredSpeed * 1.3;
        if (speed > max) {
            p.vx *= max / speed;
            p.vy *= max / speed;
            speed = max;
        }
        double oldYaw = p.yaw;
        p.x += p.vx * dt;
        p.y += p.vy * dt;
        p.accel = (speed - p.v) / dt;
        p.v = speed;
        p.yaw = speed > 0.05 ? StrictMath.atan2(p.vy, p.vx) : oldYaw;
    }

    private static double[] repulsion(Agent p, double ox, double oy, double strength, double range, double radius) {
        double rx = p.x - ox, ry = p.y - oy;
        double r = Math.hypot(rx, ry);
        if (r < 1e-6 || r > 10) return new double[]{0, 0};
        double magnitude = strength * StrictMath.exp((radius - r) / range);
        return new double[]{magnitude * rx / r, magnitude * ry / r};
    }

    private void stepEgo() {
        double command = accCommand();
        double applied = delayedAccel[delayIndex];
        delayedAccel[delayIndex] = command;
        delayIndex = (delayIndex + 1) % delayedAccel.length;
        double steer;
        if (type == ScenarioType.UNPROTECTED_LEFT_TURN && turnPhase == 1) {
            steer = StrictMath.atan((ego.lf + ego.lr) / 10.0); // a 10 m radius turn
            if (ego.yaw >= Math.PI / 2) {
                turnPhase = 2;
                ego.laneX = ego.x;
                ego.laneY = ego.y;
                ego.laneHeading = Math.PI / 2;
            }
        } else {
            steer = laneKeeping(ego);
        }
        if (type == ScenarioType.UNPROTECTED_LEFT_TURN && turnPhase == 0 && ego.x >= intersectionX - 5 && ego.v > 0.5
                && !oncomingTooClose()) {
            turnPhase = 1;
        }
        BicycleModel.step(ego, applied, steer, dt);
    }

    /** IDM acceleration towards the desired speed, behind the nearest agent in the ego's corridor (or a stop line). */
    private double accCommand() {
        double v0 = Math.max(0.1, ego.desiredSpeed);
        double gap = Double.POSITIVE_INFINITY, leaderSpeed = 0;
        double cos = StrictMath.cos(-ego.yaw), sin = StrictMath.sin(-ego.yaw);
        for (Agent a : actors) {
            double rx = a.x - ego.x, ry = a.y - ego.y;
            double ahead = cos * rx - sin * ry;
            double lateral = sin * rx + cos * ry;
            double rel = a.yaw - ego.yaw;
            double across = Math.abs(StrictMath.sin(rel)) * a.length / 2 + Math.abs(StrictMath.cos(rel)) * a.width / 2;
            double along = Math.abs(StrictMath.cos(rel)) * a.length / 2 + Math.abs(StrictMath.sin(rel)) * a.width / 2;
            if (ahead <= 0 || Math.abs(lateral) > ego.width / 2 + across + 0.3) continue;
            double g = ahead - ego.length / 2 - along;
            if (g < gap) {
                gap = g;
                leaderSpeed = a.vehicle ? a.v * StrictMath.cos(a.yaw - ego.yaw) : 0;
            }
        }
        if (type == ScenarioType.UNPROTECTED_LEFT_TURN && turnPhase == 0 && oncomingTooClose()) {
            double stopLine = intersectionX - 5 - ego.x;
            if (stopLine > -0.5 && stopLine < gap) {
                gap = Math.max(0.1, stopLine);
                leaderSpeed = 0;
            }
        }
        boolean agv = type == ScenarioType.AGV_AISLE_CROSSING;
        double aMax = agv ? 0.8 : 1.5, b = agv ? 1.0 : 2.5, s0 = agv ? 1.0 : 2.0, timeGap = agv ? 0.8 : 1.2;
        double free = 1 - StrictMath.pow(ego.v / v0, 4);
        double interaction = 0;
        if (Double.isFinite(gap)) {
            double sStar = s0 + Math.max(0, ego.v * timeGap + ego.v * (ego.v - leaderSpeed) / (2 * StrictMath.sqrt(aMax * b)));
            interaction = (sStar / Math.max(0.1, gap)) * (sStar / Math.max(0.1, gap));
        }
        return Math.max(-MAX_DECEL, Math.min(aMax, aMax * (free - interaction)));
    }

    private boolean oncomingTooClose() {
        for (Agent a : actors) {
            double distance = a.x - intersectionX;
            if (distance > -3 && a.v > 0.1 && distance / a.v < 4) return true;
        }
        return false;
    }

    /** Steers towards the lane line: proportional to the lateral offset and the heading error, at most ±0.5 rad. */
    private static double laneKeeping(Agent a) {
        double sin = StrictMath.sin(a.laneHeading), cos = StrictMath.cos(a.laneHeading);
        double offset = -sin * (a.x - a.laneX) + cos * (a.y - a.laneY);
        double headingError = BicycleModel.wrap(a.yaw - a.laneHeading);
        double steer = -0.15 * offset - 1.2 * headingError;
        return Math.max(-0.5, Math.min(0.5, steer));
    }
}
