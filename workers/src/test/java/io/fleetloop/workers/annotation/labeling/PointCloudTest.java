package io.fleetloop.workers.annotation.labeling;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PointCloudTest {

    private static PointCloud threePoints() {
        return PointCloud.of(new float[]{1.5f, -20.25f, 69.99f}, new float[]{0, 3.125f, -39.5f},
                new float[]{-1.73f, 0.5f, Float.MIN_VALUE}, new float[]{0.25f, 1, 0});
    }

    @Test
    void writtenCloudsReadBackBitForBit() throws IOException {
        PointCloud cloud = threePoints();
        byte[] bytes = cloud.toKittiBin();

        PointCloud read = PointCloud.readKittiBin(new ByteArrayInputStream(bytes));

        assertThat(bytes).hasSize(3 * 16);
        assertThat(read.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(read.x(i)).isEqualTo(cloud.x(i));
            assertThat(read.y(i)).isEqualTo(cloud.y(i));
            assertThat(read.z(i)).isEqualTo(cloud.z(i));
            assertThat(read.reflectance(i)).isEqualTo(cloud.reflectance(i));
        }
    }

    @Test
    void pointsAreLittleEndianFloat32Quadruples() throws IOException {
        // 1.0f = 0x3F800000, -2.0f = 0xC0000000, 0.5f = 0x3F000000, 0.0f
        byte[] bytes = {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0, 0, 0, 0, 0x3F, 0, 0, 0, 0};

        PointCloud cloud = PointCloud.readKittiBin(new ByteArrayInputStream(bytes));

        assertThat(cloud.size()).isEqualTo(1);
        assertThat(new float[]{cloud.x(0), cloud.y(0), cloud.z(0), cloud.reflectance(0)}).containsExactly(1f, -2f, 0.5f, 0f);
    }

    @Test
    void streamsArrivingInOddPiecesAreReassembled() throws IOException {
        PointCloud.Builder builder = PointCloud.builder();
        for (int i = 0; i < 10_000; i++) builder.add(i, -i, i / 2f, i % 7);
        byte[] bytes = builder.build().toKittiBin();

        PointCloud read = PointCloud.readKittiBin(new Trickle(bytes, 7));

        assertThat(read.size()).isEqualTo(10_000);
        assertThat(read.x(9_999)).isEqualTo(9_999f);
        assertThat(read.y(4_321)).isEqualTo(-4_321f);
        assertThat(read.reflectance(13)).isEqualTo(6f);
    }

    @Test
    void anEmptyFileIsAnEmptyCloud() throws IOException {
        assertThat(PointCloud.readKittiBin(new ByteArrayInputStream(new byte[0])).size()).isZero();
    }

    @Test
    void aLengthThatIsNotAMultipleOf16BytesIsRejected() {
        byte[] bytes = new byte[2 * 16 + 5];

        assertThatThrownBy(() -> PointCloud.readKittiBin(new ByteArrayInputStream(bytes)))
                .isInstanceOf(PointCloud.InvalidPointCloudException.class)
                .hasMessageContaining("37 bytes is not a multiple of 16");
    }

    @Test
    void cloudsAboveThePointCapAreRejected() {
        byte[] elevenPoints = new byte[11 * 16];

        assertThatThrownBy(() -> PointCloud.readKittiBin(new ByteArrayInputStream(elevenPoints), 10))
                .isInstanceOf(PointCloud.InvalidPointCloudException.class)
                .hasMessageContaining("more than 10 points");
    }

    @Test
    void arraysOfDifferentLengthsAreRejected() {
        assertThatThrownBy(() -> PointCloud.of(new float[2], new float[2], new float[1], new float[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Hands out at most {@code piece} bytes per read, as a network stream may. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int piece;
        private int position;

        Trickle(byte[] bytes, int piece) {
            this.bytes = bytes;
            this.piece = piece;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= bytes.length) return -1;
            int n = Math.min(Math.min(length, piece), bytes.length - position);
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }
}
