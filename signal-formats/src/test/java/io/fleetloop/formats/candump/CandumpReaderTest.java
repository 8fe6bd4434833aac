package io.fleetloop.formats.candump;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.formats.SourceError;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandumpReaderTest {

    private static final String LOG = """
            (1436509052.249713) can0 123#DEADBEEF
            (1436509052.250000) can0 12345678#0011
            this is not a frame
            (1436509052.3) can1 7FF#R
            (1436509052.4) can1 321#R4

            (1436509052.500001) can0 123##1DEADBEEF
            (1436509052.6) can0 123#DEADBEE
            (1436509052.7) can0 ABCD#00
            (1436509052.8) can0 123#00112233445566778899
            (1436509052.9) can0 456#0102030405060708_9
            """;

    private static List<CanFrame> read(CandumpReader reader) {
        List<CanFrame> frames = new ArrayList<>();
        reader.forEachRemaining(frames::add);
        return frames;
    }

    @Test
    void readsClassicExtendedRemoteAndFdFrames() {
        List<CanFrame> frames = read(new CandumpReader(new StringReader(LOG)));

        assertThat(frames).hasSize(6);
        CanFrame first = frames.get(0);
        assertThat(first.timestampNanos()).isEqualTo(1_436_509_052_249_713_000L);
        assertThat(first.iface()).isEqualTo("can0");
        assertThat(first.id()).isEqualTo(0x123);
        assertThat(first.extended()).isFalse();
        assertThat(first.data()).containsExactly(0xDE, 0xAD, 0xBE, 0xEF);

        assertThat(frames.get(1).extended()).isTrue();
        assertThat(frames.get(1).id()).isEqualTo(0x12345678);

        assertThat(frames.get(2).remote()).isTrue();
        assertThat(frames.get(2).timestampNanos()).isEqualTo(1_436_509_052_300_000_000L);
        assertThat(frames.get(3).remoteLength()).isEqualTo(4);

        CanFrame fd = frames.get(4);
        assertThat(fd.fd()).isTrue();
        assertThat(fd.fdFlags()).isEqualTo(1);
        assertThat(fd.data()).containsExactly(0xDE, 0xAD, 0xBE, 0xEF);

        assertThat(frames.get(5).data()).hasSize(8);
    }

    @Test
    void garbageLinesAreCountedWithTheirLineNumbersAndReadingGoesOn() {
        CandumpReader reader = new CandumpReader(new StringReader(LOG));
        read(reader);

        assertThat(reader.skippedLines()).isEqualTo(4);
        assertThat(reader.errors()).extracting(SourceError::position).containsExactly(3L, 8L, 9L, 10L);
        assertThat(reader.errors()).extracting(SourceError::unit).containsOnly(SourceError.Unit.LINE);
        assertThat(reader.errors().get(1).reason()).contains("odd number of hex digits");
        assertThat(reader.errors().get(2).reason()).contains("3 or 8 hex digits");
        assertThat(reader.errors().get(3).reason()).contains("max 8");
    }

    @Test
    void readsAFileAsAStream() throws IOException {
        Path file = Files.createTempFile("candump", ".log");
        try {
            Files.writeString(file, LOG);
            try (CandumpReader reader = CandumpReader.open(file)) {
                assertThat(read(reader)).hasSize(6);
            }
        } finally {
            Files.delete(file);
        }
    }
}
