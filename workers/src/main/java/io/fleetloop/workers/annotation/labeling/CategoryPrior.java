package io.fleetloop.workers.annotation.labeling;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A category's typical label size, the part of it that returns beams ({@code solid*}: a pedestrian's label box
 * spans the stride, the body seen is thinner), and how plausible a cluster's {@link Shape} is for it.
 * Sizes are close to the averages of the KITTI labels.
 */
record CategoryPrior(String category, double length, double width, double height, double solidLength,
                     double solidWidth, ToDoubleFunction<Shape> plausibility) {

    static final String CAR = "Car";
    static final String PEDESTRIAN = "Pedestrian";
    static final String CYCLIST = "Cyclist";
    static final String UNKNOWN = "Unknown";

    static final List<CategoryPrior> ALL = List.of(
            new CategoryPrior(CAR, 4.2, 1.8, 1.5, 4.2, 1.8, CategoryPrior::car),
            new CategoryPrior(PEDESTRIAN, 0.84, 0.66, 1.76, 0.4, 0.5, CategoryPrior::pedestrian),
            new CategoryPrior(CYCLIST, 1.76, 0.6, 1.73, 1.76, 0.45, CategoryPrior::cyclist));

    /** How far outside a range of metres plausibility fades to zero. */
    private static final double SOFT = 0.3;
    /** ... for a range of shares. */
    private static final double SOFT_SHARE = 0.12;

    /**
     * A cluster as seen in bird's-eye view and in height.
     *
     * @param longSide  longer side of the observed footprint
     * @param shortSide shorter side
     * @param height    top above ground, already raised by half the beam spacing at {@code range}
     * @param range     bird's-eye distance from the sensor
     * @param upperSpan share of the long side covered by the points in the top quarter of the height; NaN when
     *                  too few points are there to tell
     * @param cutOff    the top was hit by the sensor's highest beams: the object may be taller than seen
     */
    record Shape(double longSide, double shortSide, double height, double range, double upperSpan, boolean cutOff) {

        /**
         * How plausible the height is for a category whose heights span {@code [min, max]}. Tops are coarser far away
         * (fewer beams reach the object). When the top is cut off, the chance that the true top is in the span.
         */
        double heightFits(double min, double max) {
            double softness = 0.1 + 0.003 * range;
            double fit = within(height, min, max, softness);
            return cutOff ? fit * Math.min(1, Math.max(0, (max - height) / (max - min))) : fit;
        }
    }

    static double car(Shape s) {
        double p = within(s.longSide(), 1.4, 5.6, SOFT) * within(s.shortSide(), 0, 2.3, SOFT)
                * s.heightFits(1.2, 2.1);
        // the cabin is narrower than the body: it covers most of a rear, where a cyclist's rider covers a third of
        // the bicycle, but not all of a side: a long flat top is a wall or a container
        if (s.longSide() > 3) p *= within(s.upperSpan(), 0, 0.85, SOFT_SHARE);
        else if (s.longSide() < 2.4 && s.shortSide() < 1) p *= within(s.upperSpan(), 0.4, 1, SOFT_SHARE);
        return p * completeness(s.longSide(), 4.2);
    }

    static double pedestrian(Shape s) {
        return within(s.longSide(), 0, 1.1, SOFT) * within(s.shortSide(), 0, 0.9, SOFT)
                * s.heightFits(1.3, 2.0);
    }

    static double cyclist(Shape s) {
        // the rider covers a third of the bicycle's length
        return within(s.longSide(), 1.15, 2.3, SOFT) * within(s.shortSide(), 0, 1.0, SOFT)
                * s.heightFits(1.3, 2.0) * within(s.upperSpan(), 0, 0.55, SOFT_SHARE)
                * completeness(s.longSide(), 1.76);
    }

    /** 1 inside {@code [min, max]} (or for NaN: unknown), fading linearly to 0 at {@code softness} outside. */
    static double within(double value, double min, double max, double softness) {
        if (Double.isNaN(value)) return 1;
        double outside = value < min ? min - value : value > max ? value - max : 0;
        return Math.max(0, 1 - outside / softness);
    }

    /** A view showing only part of the typical length is less certain. */
    private static double completeness(double seen, double typical) {
        return 0.6 + 0.4 * Math.min(1, seen / (0.8 * typical));
    }

    /** The most plausible category, or {@code null} when none reaches {@code minimum}. */
    static Match classify(Shape shape, double minimum) {
        Match best = null;
        for (CategoryPrior prior : ALL) {
            double p = prior.plausibility.applyAsDouble(shape);
            if (p >= minimum && (best == null || p > best.plausibility())) best = new Match(prior, p);
        }
        return best;
    }

    record Match(CategoryPrior prior, double plausibility) {
    }
}
