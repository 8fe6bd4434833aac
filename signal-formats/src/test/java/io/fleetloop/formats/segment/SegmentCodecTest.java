package io.fleetloop.formats.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.candump.CandumpReader;
import io.fleetloop.formats.candump.CanFrame;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.csv.CsvSampleReader;
import io.fleetloop.formats.dbc.CanSignalDecoder;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentCodecTest {

    private static final long START = 1_700_000_000L;

    record Drive(String canText, List<CanFrame> frames, List<Sample> can, List<Sample> imu, List<Sample> gnss) {
        List<Sample> all() {
            List<Sample> all = new ArrayList<>(can);
            all.addAll(imu);
            all.addAll(gnss);
            return all;
        }
    }

    static Drive drive(long startSeconds, int seconds, long seed) throws IOException {
        StringWriter can = new StringWriter(), imu = new StringWriter(), gnss = new StringWriter();
        new SyntheticDrive(new SyntheticDrive.Config(startSeconds * 1_000_000_000L, seconds * 1_000_000_000L, seed, 0))
                .write(can, imu, gnss);
        List<CanFrame> frames = new ArrayList<>();
        new CandumpReader(new StringReader(can.toString())).forEachRemaining(frames::add);
        List<Sample> canSamples = new ArrayList<>();
        CanSignalDecoder decoder = new CanSignalDecoder(SyntheticDrive.dbcFile(), frames.iterator());
        decoder.forEachRemaining(canSamples::add);
        return new Drive(can.toString(), frames, canSamples,
                read(new CsvSampleReader(new StringReader(imu.toString()),
                        CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "imu.", "ax", "ay", "az", "gx", "gy", "gz"))),
                read(new CsvSampleReader(new StringReader(gnss.toString()),
                        CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "gnss.", "lat", "lon", "alt", "speed",
                                "heading", "fix"))));
    }

    private static List<Sample> read(Iterator<Sample> it) {
        List<Sample> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static SegmentWriter writer() {
        return new SegmentWriter().dbc(SyntheticDrive.dbcFile());
    }

    @Test
    void aSyntheticDriveRoundTripsExactlyWithItsInterleavingAndCompressesCanMoreThanTenfold() throws Exception {
        Drive d = drive(START, 60, 42);
        List<Sample> all = new ArrayList<>(d.all());
        // an enum channel as labels (strings), as a reader with VAL_ tables would give
        String[] gears = {"P", "R", "N", "D"};
        for (int i = 0; i < 600; i++) {
            all.add(new Sample("state.Gear", (START + i / 10) * 1_000_000_000L, gears[(i / 150) % 4]));
        }
        assertThat(d.can()).hasSizeGreaterThan(60 * 100 * 13);
        assertThat(d.imu()).isNotEmpty();
        assertThat(d.gnss()).isNotEmpty();

        byte[] segment = writer().write(all);

        assertThat(new SegmentReader().read(segment)).containsExactlyElementsOf(all);
        SegmentInfo info = SegmentReader.info(segment);
        assertThat(info.blocks()).extracting(SegmentInfo.Block::name)
                .containsExactly("channels", "order", "can", "imu", "gnss", "state");
        assertThat(info.block("can").samples()).isEqualTo(d.can().size());
        assertThat(info.blocks().stream().mapToLong(SegmentInfo.Block::compressedBytes).sum())
                .isLessThan(segment.length);

        byte[] canOnly = writer().write(d.can());
        double ratio = d.canText().getBytes(StandardCharsets.UTF_8).length / (double) canOnly.length;
        assertThat(ratio).as("candump text / segment").isGreaterThan(10);
    }

    @Test
    void withoutInterleavingEachChannelKeepsItsOrder() throws Exception {
        Drive d = drive(START, 5, 7);
        byte[] segment = writer().preserveInterleaving(false).write(d.all());
        assertThat(SegmentReader.info(segment).blocks()).extracting(SegmentInfo.Block::name).doesNotContain("order");

        Map<String, List<Sample>> channels = new SegmentReader().readChannels(segment);
        Map<String, List<Sample>> expected = new java.util.LinkedHashMap<>();
        d.all().forEach(s -> expected.computeIfAbsent(s.channel(), c -> new ArrayList<>()).add(s));
        assertThat(channels).containsExactlyEntriesOf(expected);
        assertThat(new SegmentReader().read(segment)).containsExactlyElementsOf(
                expected.values().stream().flatMap(List::stream).toList());
    }

    @Test
    void readColumnsGivesEachChannelAsPrimitiveArraysWithTheSameValuesAsRead() throws Exception {
        Drive d = drive(START, 20, 11);
        List<Sample> all = new ArrayList<>(d.all());
        for (int i = 0; i < 40; i++) {
            all.add(new Sample("state.Gear", (START + i) * 1_000_000_000L, i % 2 == 0 ? "D" : "N"));
        }
        for (int version = 1; version <= 3; version++) {
            byte[] segment = writer().formatVersion(version).write(all);
            Map<String, List<Sample>> expected = new java.util.LinkedHashMap<>();
            all.forEach(s -> expected.computeIfAbsent(s.channel(), c -> new ArrayList<>()).add(s));

            List<SegmentReader.Column> columns = new SegmentReader().readColumns(segment);

            assertThat(columns).extracting(SegmentReader.Column::channel).containsExactlyElementsOf(expected.keySet());
            for (SegmentReader.Column c : columns) {
                List<Sample> want = expected.get(c.channel());
                assertThat(c.size()).isEqualTo(want.size());
                assertThat(c.samples()).as("v%d %s", version, c.channel()).containsExactlyElementsOf(want);
                if (c.channel().equals("state.Gear")) {
                    assertThat(c.doubles()).isNull();
                    assertThat(c.values()).containsExactlyElementsOf(want.stream().map(Sample::value).toList());
                } else {
                    assertThat(c.values()).isNull();
                    assertThat(c.doubles()).containsExactly(want.stream().mapToDouble(s -> (Double) s.value()).toArray());
                }
            }
            if (version == 3) { // the signals of one CAN message share one timestamp array
                assertThat(columns.stream().filter(c -> c.channel().startsWith("WheelSpeeds."))
                        .map(SegmentReader.Column::timestampsNanos).distinct()).hasSize(1);
            }
        }
    }

    @Test
    void randomSamplesOfEveryKindRoundTripExactly() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (long seed = 1; seed <= 40; seed++) {
            Random r = new Random(seed);
            int channels = 1 + r.nextInt(12);
            List<Sample> samples = new ArrayList<>();
            long t = r.nextLong();
            int n = r.nextInt(3000);
            for (int i = 0; i < n; i++) {
                int ch = r.nextInt(channels);
                t += switch (r.nextInt(4)) {
                    case 0 -> 10_000_000;
                    case 1 -> r.nextInt(1000) - 500;
                    case 2 -> r.nextLong();
                    default -> 0;
                };
                Object value = switch (ch % 7) {
                    case 0 -> r.nextGaussian() * 1e3; // arbitrary doubles: XOR
                    case 1 -> Math.round(r.nextGaussian() * 1e6) / 1e4; // printed decimals
                    case 2 -> (double) (r.nextInt(100)) * 0.01 - 40; // DBC-like
                    case 3 -> new String[] {"Off", "Left", "Right", "Hazard", "左转"}[r.nextInt(5)];
                    case 4 -> new Object[] {null, r.nextLong(), r.nextBoolean(), r.nextInt(), r.nextFloat(),
                            "x" + r.nextInt(5), Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE}[r.nextInt(10)];
                    case 5 -> json.readTree("{\"id\":" + r.nextInt(9) + ",\"cls\":\"car\",\"score\":0." + r.nextInt(99) + "}");
                    default -> r.nextBoolean() ? -0.0 : Double.longBitsToDouble(r.nextLong());
                };
                samples.add(new Sample("ch" + ch + (ch % 2 == 0 ? ".a" : ""), t, value));
            }
            if (r.nextBoolean()) {
                samples.add(new Sample("edge", Long.MIN_VALUE, 1.0));
                samples.add(new Sample("edge", Long.MAX_VALUE, Double.NaN));
            }
            SegmentWriter w = new SegmentWriter().level(1 + r.nextInt(19)).preserveInterleaving(seed % 3 != 0);
            byte[] segment = w.write(samples);
            List<Sample> back = new SegmentReader().read(segment);
            List<Sample> fromColumns = new SegmentReader().readColumns(segment).stream()
                    .flatMap(c -> c.samples().stream()).toList();
            assertThat(fromColumns).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(samples);
            if (seed % 3 != 0) {
                assertThat(back).as("seed %d", seed).containsExactlyElementsOf(samples);
            } else {
                assertThat(back).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(samples);
            }
        }
    }

    @Test
    void anEmptySegmentRoundTrips() throws Exception {
        assertThat(new SegmentReader().read(new SegmentWriter().write(List.of()))).isEmpty();
    }

    @Test
    void version3StoresTimestampsSharedByChannelsOnceAndRefusesABadReference() throws Exception {
        List<Sample> samples = new ArrayList<>();
        Random r = new Random(13);
        long t = START * 1_000_000_000L;
        for (int i = 0; i < 3000; i++) {
            t += 10_000_000L + r.nextInt(5000);
            samples.add(new Sample("x.a", t, (double) r.nextInt(100)));
            samples.add(new Sample("x.b", t, r.nextGaussian()));
            samples.add(new Sample("x.c", t + r.nextInt(1000), "s" + r.nextInt(3)));
            if (i % 2 == 0) {
                samples.add(new Sample("x.d", t, (double) i)); // fewer samples, other timestamps
            }
        }
        byte[] v3 = new SegmentWriter().write(samples), v2 = new SegmentWriter().formatVersion(2).write(samples);
        assertThat(new SegmentReader().read(v3)).isEqualTo(samples);
        assertThat(new SegmentReader().read(v2)).isEqualTo(samples);
        assertThat(new SegmentReader().read(new SegmentWriter().preserveInterleaving(false).write(samples)))
                .containsExactlyInAnyOrderElementsOf(samples);
        // x.b's timestamps are x.a's: one timestamp column fewer before zstd
        assertThat(SegmentReader.info(v3).block("x").encodedBytes())
                .isLessThan(SegmentReader.info(v2).block("x").encodedBytes() - 3000);

        ByteOut table = new ByteOut();
        table.varint(1);
        table.string("x.a");
        table.varint(0);
        table.varint(1); // its timestamps would be those of a channel before the first
        byte[] bad = Container.write(SegmentWriter.MAGIC, Container.VERSION_3, 0, 3, null, List.of(
                new Container.Block(SegmentWriter.TABLE, 1, table.toByteArray()),
                new Container.Block("x", 1, new byte[] {0, 0, 0})));
        assertThatThrownBy(() -> new SegmentReader().read(bad)).isInstanceOf(SegmentFormatException.class)
                .hasMessageContaining("timestamp reference of x.a");
    }

    @Test
    void corruptOrTruncatedSegmentsFailWithTheirPosition() throws Exception {
        Drive d = drive(START, 3, 3);
        byte[] segment = writer().write(d.all());

        for (int cut : new int[] {0, 3, 7, 12, segment.length / 2, segment.length - 1}) {
            byte[] truncated = Arrays.copyOf(segment, cut);
            assertThatThrownBy(() -> new SegmentReader().read(truncated))
                    .isInstanceOf(SegmentFormatException.class)
                    .hasMessageContaining("truncated")
                    .satisfies(e -> assertThat(((SegmentFormatException) e).error().unit())
                            .isEqualTo(SourceError.Unit.BYTE_OFFSET));
        }
        byte[] flipped = segment.clone();
        flipped[segment.length / 2] ^= 0x40;
        assertThatThrownBy(() -> new SegmentReader().read(flipped))
                .isInstanceOf(SegmentFormatException.class)
                .hasMessageContaining("CRC-32 mismatch")
                .satisfies(e -> assertThat(((SegmentFormatException) e).error().position())
                        .isEqualTo(segment.length - 4L));
        byte[] magic = segment.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> new SegmentReader().read(magic))
                .isInstanceOf(SegmentFormatException.class).hasMessageContaining("wrong magic");
        byte[] longer = Arrays.copyOf(segment, segment.length + 3);
        assertThatThrownBy(() -> new SegmentReader().read(longer))
                .isInstanceOf(SegmentFormatException.class).hasMessageContaining("trailing bytes")
                .satisfies(e -> assertThat(((SegmentFormatException) e).error().position())
                        .isEqualTo((long) segment.length));
        // a CAN-frame segment is not a sample segment
        byte[] frames = CanFrameSegment.write(d.frames(), 3, null);
        assertThatThrownBy(() -> new SegmentReader().read(frames)).hasMessageContaining("wrong magic");
    }

    @Test
    void aTrainedDictionaryMakesSmallSegmentsSmallerAndIsRequiredToRead() throws Exception {
        Drive training = drive(START, 120, 11);
        List<byte[]> samples = new ArrayList<>();
        SegmentWriter plain = writer();
        for (int second = 0; second < 120; second++) {
            long from = (START + second) * 1_000_000_000L, to = from + 1_000_000_000L;
            List<Sample> window = training.all().stream()
                    .filter(s -> s.timestampNanos() >= from && s.timestampNanos() < to).toList();
            samples.addAll(plain.trainingSamples(window));
        }
        SegmentDictionary dictionary = SegmentDictionary.train(samples, 32 * 1024);
        assertThat(SegmentDictionary.of(dictionary.bytes()).id()).isEqualTo(dictionary.id());

        List<Sample> small = drive(START + 5_000, 1, 99).all(); // another drive, one second
        byte[] without = writer().write(small);
        byte[] with = writer().dictionary(dictionary).write(small);

        assertThat(with.length).isLessThan(without.length);
        assertThat(SegmentReader.info(with).dictionaryId()).isEqualTo(dictionary.id());
        assertThat(new SegmentReader(dictionary).read(with)).containsExactlyElementsOf(small);
        assertThat(new SegmentReader(dictionary).read(without)).containsExactlyElementsOf(small);
        assertThatThrownBy(() -> new SegmentReader().read(with))
                .isInstanceOf(SegmentFormatException.class)
                .hasMessageContaining("dictionary " + dictionary.id());
        System.out.printf("1 s segment: %d bytes without, %d bytes with a dictionary%n", without.length, with.length);
    }

    @Test
    void rawCanFramesRoundTripExactlyInOrder() throws Exception {
        Drive d = drive(START, 60, 5);
        List<CanFrame> frames = new ArrayList<>(d.frames());
        frames.add(CandumpReader.parse("(1700000060.000001) can1 18FEF100#R5"));
        frames.add(CandumpReader.parse("(1700000060.000002) can1 123##1DEADBEEF00112233"));
        frames.add(CandumpReader.parse("(1700000060.000003) can1 18FEF100#0102"));
        frames.add(CandumpReader.parse("(1700000060.000004) can0 100#"));
        frames.add(new CanFrame(1, null, 5, false, false, 0, false, 0, new byte[] {1}));

        byte[] segment = CanFrameSegment.write(frames, 3, null);
        List<CanFrame> back = CanFrameSegment.read(segment, null);

        assertThat(back).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            CanFrame a = frames.get(i), b = back.get(i);
            assertThat(b).usingRecursiveComparison().as("frame %d", i).isEqualTo(a);
            assertThat(b.data()).isEqualTo(a.data());
        }
        double ratio = d.canText().length() / (double) segment.length;
        assertThat(ratio).isGreaterThan(5);
        assertThat(CanFrameSegment.info(segment).block("frames").samples()).isEqualTo(frames.size());
        byte[] truncated = Arrays.copyOf(segment, segment.length - 10);
        assertThatThrownBy(() -> CanFrameSegment.read(truncated, null)).isInstanceOf(SegmentFormatException.class)
                .hasMessageContaining("truncated");
    }
}
