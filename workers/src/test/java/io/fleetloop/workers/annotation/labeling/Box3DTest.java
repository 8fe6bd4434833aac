package io.fleetloop.workers.annotation.labeling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class Box3DTest {

    private static final double EPS = 1e-9;

    private static Box3D box(double x, double y, double z, double length, double width, double height, double yaw) {
        return new Box3D(x, y, z, length, width, height, yaw, "Car", 1);
    }

    @Test
    void identicalBoxesOverlapFully() {
        Box3D car = box(12, -3, -0.9, 4.2, 1.8, 1.5, 0.3);

        assertThat(car.iouBev(car)).isCloseTo(1, within(EPS));
        assertThat(car.iou3d(car)).isCloseTo(1, within(EPS));
    }

    @Test
    void aBoxTurnedHalfWayIsTheSameBox() {
        Box3D car = box(12, -3, -0.9, 4.2, 1.8, 1.5, 0.3);

        assertThat(car.iouBev(box(12, -3, -0.9, 4.2, 1.8, 1.5, 0.3 + Math.PI))).isCloseTo(1, within(EPS));
    }

    @Test
    void aSquareTurnedAQuarterIsTheSameSquare() {
        assertThat(box(0, 0, 0, 2, 2, 1, 0).iouBev(box(0, 0, 0, 2, 2, 1, Math.PI / 2))).isCloseTo(1, within(EPS));
    }

    @Test
    void disjointBoxesDoNotOverlap() {
        Box3D a = box(0, 0, 0, 4, 2, 1.5, 0);

        assertThat(a.iouBev(box(10, 0, 0, 4, 2, 1.5, 0.7))).isZero();
        assertThat(a.iouBev(box(0, 2.5, 0, 4, 2, 1.5, 0))).isZero(); // side by side, 0.5 m apart
        assertThat(a.iou3d(box(0, 0, 3, 4, 2, 1.5, 0))).isZero();     // stacked, not touching
    }

    @Test
    void boxesShiftedByHalfTheirLengthShareAThird() {
        // 4 x 2 boxes 2 m apart along x: intersection 2 x 2 = 4, union 8 + 8 - 4 = 12
        Box3D a = box(0, 0, 0, 4, 2, 1.5, 0), b = box(2, 0, 0, 4, 2, 1.5, 0);

        assertThat(a.bevIntersectionArea(b)).isCloseTo(4, within(EPS));
        assertThat(a.iouBev(b)).isCloseTo(1.0 / 3, within(EPS));
    }

    @Test
    void crossedRectanglesShareTheirCentralSquare() {
        // a 4 x 2 box and the same turned a quarter: they share the central 2 x 2 square
        Box3D a = box(5, 5, 0, 4, 2, 1.5, 0), b = box(5, 5, 0, 4, 2, 1.5, Math.PI / 2);

        assertThat(a.iouBev(b)).isCloseTo(4.0 / 12, within(EPS));
    }

    @Test
    void aUnitSquareAndTheSameTurnedAnEighthShareAnOctagon() {
        // the regular octagon has area 2(√2 - 1); IoU = 2(√2 - 1) / (2 - 2(√2 - 1)) = 1/√2
        Box3D a = box(0, 0, 0, 1, 1, 1, 0), b = box(0, 0, 0, 1, 1, 1, Math.PI / 4);

        assertThat(a.bevIntersectionArea(b)).isCloseTo(2 * (Math.sqrt(2) - 1), within(EPS));
        assertThat(a.iouBev(b)).isCloseTo(1 / Math.sqrt(2), within(EPS));
    }

    @Test
    void volumeOverlapIsFootprintOverlapTimesHeightOverlap() {
        // same footprint, 2 m tall, 1 m apart in z: intersection A x 1, union 2A x 2 - A x 1 = 3A
        Box3D a = box(0, 0, 0, 4, 2, 2, 0.4), b = box(0, 0, 1, 4, 2, 2, 0.4);

        assertThat(a.iouBev(b)).isCloseTo(1, within(EPS));
        assertThat(a.iou3d(b)).isCloseTo(1.0 / 3, within(EPS));
    }

    @Test
    void volumeOverlapOfShiftedAndRaisedBoxes() {
        // footprints share 4 of 8 m² each (shifted by 2 m), heights share 1 of 2 m:
        // intersection 4 x 1 = 4, union 16 + 16 - 4 = 28
        Box3D a = box(0, 0, 0, 4, 2, 2, 0), b = box(2, 0, 1, 4, 2, 2, 0);

        assertThat(a.iou3d(b)).isCloseTo(4.0 / 28, within(EPS));
    }

    @Test
    void overlapIsSymmetric() {
        Box3D a = box(1, 2, 0, 4.2, 1.8, 1.5, 0.3), b = box(2, 2.5, 0.2, 4, 1.7, 1.4, -0.5);

        assertThat(a.iouBev(b)).isCloseTo(b.iouBev(a), within(EPS)).isBetween(0.0, 1.0);
        assertThat(a.iou3d(b)).isCloseTo(b.iou3d(a), within(EPS));
    }

    @Test
    void cornersRunCounterClockwiseAroundTheCentre() {
        double[] corners = box(10, 0, 0, 4, 2, 1.5, Math.PI / 2).bevCorners();

        // heading along +y: front-left corner is at (10 - 1, 0 + 2)
        assertThat(corners[0]).isCloseTo(9, within(EPS));
        assertThat(corners[1]).isCloseTo(2, within(EPS));
        assertThat(Box3D.ConvexPolygons.area(corners)).isCloseTo(8, within(EPS));
    }

    @Test
    void negativeSizesAndConfidencesAboveOneAreRejected() {
        assertThatThrownBy(() -> box(0, 0, 0, -1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Box3D(0, 0, 0, 1, 1, 1, 0, "Car", 1.2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Box3D(0, 0, 0, 1, 1, 1, Double.NaN, "Car", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
