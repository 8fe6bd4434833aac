package io.fleetloop.formats.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.formats.SourceError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameIndexTest {

    @TempDir
    Path dir;

    @Test
    void fileNamesGiveTimestampsByDigitCountOrFractionAndBadNamesAreReported() {
        FrameIndex.Result r = FrameIndex.fromFileNamesWithErrors(List.of(
                "lidar/1436509052249713000.bin", "lidar/1436509052249714.pcd", "cam/frame_1436509052.249715.jpg",
                "cam/1436509052250.png", "cam/1436509053.jpg", "cam/000123.png", "cam/readme.txt"));

        assertThat(r.frames()).extracting(FrameRef::timestampNanos).containsExactly(1436509052249713000L,
                1436509052249714000L, 1436509052249715000L, 1436509052250000000L, 1436509053000000000L);
        assertThat(r.frames()).extracting(FrameRef::format).containsExactly("bin", "pcd", "jpg", "png", "jpg");
        assertThat(r.frames().get(0).path()).isEqualTo("lidar/1436509052249713000.bin");
        assertThat(r.errors()).extracting(SourceError::position).containsExactly(6L, 7L);
        assertThat(r.errors().get(0).reason()).contains("cam/000123.png").contains("6 digits");
        assertThat(r.errors().get(1).reason()).contains("no timestamp");
        assertThat(FrameIndex.fromFileNames(List.of("a/1436509053.jpg", "a/1436509052.jpg")))
                .extracting(FrameRef::path).containsExactly("a/1436509052.jpg", "a/1436509053.jpg");
    }

    @Test
    void aSidecarIndexIsReadAsCsvOrNdjson() {
        List<FrameRef> csv = FrameIndex.fromSidecar(new StringReader("""
                timestamp,path,size
                1436509052.100000,cam/b.jpg,2048
                1436509052000000000,cam/a.jpg,1024
                """));
        assertThat(csv).containsExactly(new FrameRef("cam/a.jpg", 1436509052000000000L, 1024, "jpg"),
                new FrameRef("cam/b.jpg", 1436509052100000000L, 2048, "jpg"));

        FrameIndex.Result json = FrameIndex.fromSidecarWithErrors(new StringReader("""
                {"timestamp": 1436509052100000, "path": "lidar/x.pcd", "size": 99}
                {"path": "lidar/y.pcd"}
                not json
                """));
        assertThat(json.frames()).containsExactly(new FrameRef("lidar/x.pcd", 1436509052100000000L, 99, "pcd"));
        assertThat(json.errors()).extracting(SourceError::position).containsExactly(2L, 3L);

        assertThat(FrameIndex.fromSidecar(new StringReader("file,timestamp_ns\nlidar/1.pcd,1436509052000000000\n")))
                .containsExactly(new FrameRef("lidar/1.pcd", 1436509052000000000L, -1, "pcd"));
        assertThatThrownBy(() -> FrameIndex.fromSidecar(new StringReader("time,file\n1,a.jpg\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'timestamp' and 'path'");
    }

    @Test
    void frameHeadersGivePointCountsAndImageSizesWithoutThePayload() throws IOException {
        Path pcd = Files.writeString(dir.resolve("1.pcd"), """
                # .PCD v0.7 - Point Cloud Data file format
                VERSION 0.7
                FIELDS x y z intensity
                SIZE 4 4 4 4
                TYPE F F F F
                COUNT 1 1 1 1
                WIDTH 1234
                HEIGHT 1
                VIEWPOINT 0 0 0 1 0 0 0
                POINTS 1234
                DATA binary
                """ + "\u0000".repeat(64));
        assertThat(FrameInfo.read(pcd)).isEqualTo(new FrameInfo("pcd", 1234, List.of("x", "y", "z", "intensity"), -1, -1));

        ByteBuffer points = ByteBuffer.allocate(16 * 500).order(ByteOrder.LITTLE_ENDIAN);
        Path bin = Files.write(dir.resolve("1.bin"), points.array());
        assertThat(FrameInfo.read(bin).points()).isEqualTo(500);
        Path odd = Files.write(dir.resolve("2.bin"), new byte[15]);
        assertThatThrownBy(() -> FrameInfo.read(odd)).hasMessageContaining("multiple of 16");

        BufferedImage image = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
        Path jpg = dir.resolve("1.jpg");
        Path png = dir.resolve("1.png");
        ImageIO.write(image, "jpg", jpg.toFile());
        ImageIO.write(image, "png", png.toFile());
        assertThat(FrameInfo.read(jpg)).extracting(FrameInfo::width, FrameInfo::height).containsExactly(320, 200);
        assertThat(FrameInfo.read(png)).extracting(FrameInfo::width, FrameInfo::height).containsExactly(320, 200);
        Path notJpeg = Files.writeString(dir.resolve("3.jpg"), "GIF89a");
        assertThatThrownBy(() -> FrameInfo.read(notJpeg)).hasMessageContaining("not a JPEG");
    }
}
