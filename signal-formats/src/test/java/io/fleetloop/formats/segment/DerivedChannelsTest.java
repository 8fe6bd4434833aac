package io.fleetloop.formats.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.candump.CanFrame;
import io.fleetloop.formats.dbc.CanSignalDecoder;
import io.fleetloop.formats.dbc.DbcCodec;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import io.fleetloop.formats.dbc.DbcParser;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checksum and counter signals stored as their function plus exceptions: exact round trips, smaller segments. */
class DerivedChannelsTest {

    private static final String DBC = """
            VERSION ""

            NS_ :

            BS_:

            BU_: A B

            BO_ 512 Safety: 8 A
             SG_ Checksum : 0|8@1+ (1,0) [0|255] "" B
             SG_ Counter : 8|4@1+ (1,0) [0|15] "" B
             SG_ Flag : 12|1@1+ (1,0) [0|1] "" B
             SG_ Speed : 16|16@1+ (0.01,0) [0|655.35] "km/h" B
             SG_ Torque : 39|12@0- (0.1,0) [-204.8|204.7] "Nm" B

            BO_ 513 Motorola: 8 A
             SG_ Angle : 7|16@0- (0.1,0) [-3276.8|3276.7] "deg" B
             SG_ Rate : 23|16@0- (0.1,0) [-3276.8|3276.7] "deg/s" B
             SG_ Alive : 35|4@0+ (1,0) [0|15] "" B
             SG_ Crc : 63|8@0+ (1,0) [0|255] "" B
            """;

    static final DbcFile FILE = DbcParser.parse(DBC);

    /** Independent, bitwise reference implementations (no tables), over every byte but {@code skip}. */
    static int reference(String function, byte[] d, int skip, int id) {
        int acc = 0;
        switch (function) {
            case "xor" -> {
                for (int k = 0; k < d.length; k++) {
                    acc ^= k == skip ? 0 : d[k] & 0xFF;
                }
                return acc;
            }
            case "sum+id" -> {
                for (int k = 0; k < d.length; k++) {
                    acc += k == skip ? 0 : d[k] & 0xFF;
                }
                return (acc + (id & 0xFF) + (id >> 8)) & 0xFF;
            }
            default -> {
                int poly = function.equals("crc8-autosar") ? 0x2F : 0x1D;
                acc = function.equals("crc8-gsm-a") ? 0 : 0xFF;
                for (int k = 0; k < d.length; k++) {
                    if (k == skip) {
                        continue;
                    }
                    acc ^= d[k] & 0xFF;
                    for (int b = 0; b < 8; b++) {
                        acc = (acc & 0x80) != 0 ? ((acc << 1) ^ poly) & 0xFF : (acc << 1) & 0xFF;
                    }
                }
                return function.equals("crc8-gsm-a") ? acc : acc ^ 0xFF;
            }
        }
    }

    /**
     * {@code n} frames of each message: noisy speed/torque/angle, a rolling counter, the checksum by {@code function};
     * a fraction {@code bad} of the checksums and counters replaced by random values.
     */
    static List<CanFrame> frames(String function, int n, double bad, long seed) {
        Random r = new Random(seed);
        DbcMessage safety = FILE.messages().get(0), motorola = FILE.messages().get(1);
        List<CanFrame> frames = new ArrayList<>();
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            t += 10_000_000L + r.nextInt(200);
            Map<String, Double> v = new HashMap<>();
            v.put("Counter", (double) (i & 15));
            v.put("Flag", (double) ((i / 300) & 1));
            v.put("Speed", Math.round(7200 + 500 * Math.sin(i / 700.0) + r.nextGaussian() * 3) * 0.01);
            v.put("Torque", Math.round(300 * Math.sin(i / 200.0) + r.nextGaussian() * 4) * 0.1);
            byte[] a = DbcCodec.encode(safety, v);
            a[0] = (byte) reference(function, a, 0, safety.id());
            if (r.nextDouble() < bad) {
                a[0] = (byte) r.nextInt(256);
            }
            if (r.nextDouble() < bad) {
                a[1] = (byte) ((a[1] & 0xF0) | r.nextInt(16));
            }
            frames.add(new CanFrame(t, "can0", safety.id(), false, false, 0, false, 0, a));
            Map<String, Double> m = new HashMap<>();
            m.put("Angle", Math.round(1000 * Math.sin(i / 500.0) + r.nextGaussian() * 2) * 0.1);
            m.put("Rate", Math.round(r.nextGaussian() * 20) * 0.1);
            m.put("Alive", (double) ((i * 1) & 15));
            byte[] b = DbcCodec.encode(motorola, m);
            b[7] = (byte) reference(function, b, 7, motorola.id());
            if (r.nextDouble() < bad) {
                b[7] = (byte) r.nextInt(256);
            }
            frames.add(new CanFrame(t + 1000, "can0", motorola.id(), false, false, 0, false, 0, b));
        }
        return frames;
    }

    static List<Sample> decode(List<CanFrame> frames) {
        List<Sample> samples = new ArrayList<>();
        new CanSignalDecoder(FILE, frames.iterator()).forEachRemaining(samples::add);
        return samples;
    }

    @Test
    void standardCrcCheckValuesHold() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Derived.checksum(Derived.CRC8_1D, check, 0, 9, -1) ^ 0xFF).as("CRC-8/SAE-J1850").isEqualTo(0x4B);
        assertThat(Derived.checksum(Derived.CRC8_2F, check, 0, 9, -1) ^ 0xFF).as("CRC-8/AUTOSAR").isEqualTo(0xDF);
        assertThat(Derived.checksum(Derived.CRC8_1D_INIT0, check, 0, 9, -1)).as("CRC-8/GSM-A").isEqualTo(0x37);
        for (String f : List.of("xor", "sum+id", "crc8-j1850", "crc8-autosar", "crc8-gsm-a")) {
            assertThat(reference(f, check, -1, 0)).isBetween(0, 255);
        }
        assertThat(reference("crc8-j1850", check, -1, 0)).isEqualTo(0x4B);
        assertThat(reference("crc8-autosar", check, -1, 0)).isEqualTo(0xDF);
        assertThat(reference("crc8-gsm-a", check, -1, 0)).isEqualTo(0x37);
    }

    @Test
    void everyStandardChecksumIsDerivedAndRoundTripsExactlyWithFramesWhereItDoesNotMatch() throws Exception {
        for (String function : List.of("xor", "sum+id", "crc8-j1850", "crc8-autosar", "crc8-gsm-a")) {
            List<Sample> samples = decode(frames(function, 5000, 0.003, function.hashCode()));
            byte[] derived = new SegmentWriter().dbc(FILE).write(samples);
            byte[] stored = new SegmentWriter().dbc(FILE).deriveChecksums(false).write(samples);

            assertThat(new SegmentReader().read(derived)).as(function).containsExactlyElementsOf(samples);
            assertThat(new SegmentReader().read(stored)).as(function).containsExactlyElementsOf(samples);
            // two checksum bytes of noisy payloads (about a byte each per frame) become a few exceptions
            assertThat(stored.length - derived.length).as(function + ": bytes saved").isGreaterThan(2 * 5000 * 3 / 4);
        }
    }

    @Test
    void aChecksumThatMatchesTooFewFramesIsStoredAsBefore() throws Exception {
        List<Sample> samples = decode(frames("crc8-j1850", 3000, 0.1, 5));
        byte[] segment = new SegmentWriter().dbc(FILE).write(samples);
        assertThat(new SegmentReader().read(segment)).containsExactlyElementsOf(samples);
        // only the undamaged Alive counter is derived (a few bytes); both checksums (about 3,000 bytes each) are stored
        byte[] stored = new SegmentWriter().dbc(FILE).deriveChecksums(false).write(samples);
        assertThat(stored.length - segment.length).isBetween(0, 500);
    }

    @Test
    void theSyntheticDrivesSteeringChecksumAndCounterAreDerived() throws Exception {
        SegmentCodecTest.Drive d = SegmentCodecTest.drive(1_700_000_000L, 60, 42);
        List<Sample> steering = d.can().stream().filter(s -> s.channel().startsWith("Steering.")).toList();
        SegmentWriter writer = new SegmentWriter().dbc(SyntheticDrive.dbcFile());
        byte[] derived = writer.write(steering);
        byte[] stored = new SegmentWriter().dbc(SyntheticDrive.dbcFile()).deriveChecksums(false).write(steering);
        assertThat(new SegmentReader().read(derived)).containsExactlyElementsOf(steering);
        assertThat(derived.length).as("with the checksum derived vs stored").isLessThan(stored.length * 3 / 4);
        byte[] all = writer.write(d.can());
        assertThat(new SegmentReader().read(all)).containsExactlyElementsOf(d.can());
    }

    @Test
    void randomLogsWithMissingSamplesAndDamagedChecksumsRoundTripExactly() throws Exception {
        List<String> functions = List.of("xor", "sum+id", "crc8-j1850", "crc8-autosar", "crc8-gsm-a");
        for (long seed = 1; seed <= 60; seed++) {
            Random r = new Random(seed);
            String function = functions.get(r.nextInt(functions.size()));
            int n = r.nextInt(r.nextBoolean() ? 40 : 2500);
            double bad = r.nextInt(4) == 0 ? r.nextDouble() : r.nextDouble() * 0.02;
            List<Sample> samples = new ArrayList<>(decode(frames(function, n, bad, seed)));
            switch (r.nextInt(4)) {
                case 0 -> { // a sample of one signal lost: the message's signals no longer align
                    if (!samples.isEmpty()) {
                        samples.remove(r.nextInt(samples.size()));
                    }
                }
                case 1 -> { // a value no frame could carry
                    if (!samples.isEmpty()) {
                        int i = r.nextInt(samples.size());
                        Sample s = samples.get(i);
                        samples.set(i, new Sample(s.channel(), s.timestampNanos(), 1e300));
                    }
                }
                case 2 -> java.util.Collections.shuffle(samples.subList(0, samples.size() / 3), r);
                default -> {
                }
            }
            SegmentWriter writer = new SegmentWriter().dbc(FILE).level(1 + r.nextInt(9))
                    .preserveInterleaving(seed % 4 != 0);
            List<Sample> back = new SegmentReader().read(writer.write(samples));
            if (seed % 4 != 0) {
                assertThat(back).as("seed %d", seed).containsExactlyElementsOf(samples);
            } else {
                assertThat(back).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(samples);
            }
        }
    }

    @Test
    void rawCanFrameSegmentsStoreAChecksumByteAsItsDifferenceFromTheExpectedValue() throws Exception {
        for (String function : List.of("xor", "sum+id", "crc8-j1850", "crc8-autosar", "crc8-gsm-a")) {
            List<CanFrame> frames = frames(function, 4000, 0.003, 17);
            // the same frames with random checksum bytes: nothing to derive
            Random r = new Random(1);
            List<CanFrame> random = frames.stream().map(f -> {
                byte[] d = f.data().clone();
                d[f.id() == 512 ? 0 : 7] = (byte) r.nextInt(256);
                return new CanFrame(f.timestampNanos(), f.iface(), f.id(), f.extended(), false, 0, false, 0, d);
            }).toList();
            byte[] derived = CanFrameSegment.write(frames, 3, null);
            byte[] stored = CanFrameSegment.write(random, 3, null);
            assertSameFrames(CanFrameSegment.read(derived, null), frames);
            assertSameFrames(CanFrameSegment.read(stored, null), random);
            assertThat(stored.length - derived.length).as(function + ": bytes saved").isGreaterThan(2 * 4000 * 3 / 4);
        }
    }

    private static void assertSameFrames(List<CanFrame> back, List<CanFrame> frames) {
        assertThat(back).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(back.get(i)).usingRecursiveComparison().as("frame %d", i).isEqualTo(frames.get(i));
            assertThat(back.get(i).data()).isEqualTo(frames.get(i).data());
        }
    }

    @Test
    void version1And2SegmentsAreStillWrittenOnRequestAndRead() throws Exception {
        List<Sample> samples = decode(frames("sum+id", 2000, 0.01, 3));
        byte[] v1 = new SegmentWriter().dbc(FILE).formatVersion(1).write(samples);
        assertThat(v1[4]).isEqualTo((byte) 1);
        assertThat(new SegmentReader().read(v1)).containsExactlyElementsOf(samples);
        byte[] v2 = new SegmentWriter().dbc(FILE).formatVersion(2).write(samples);
        assertThat(v2[4]).isEqualTo((byte) 2);
        assertThat(new SegmentReader().read(v2)).containsExactlyElementsOf(samples);
        assertThat(v2.length).isLessThan(v1.length);
        byte[] v3 = new SegmentWriter().dbc(FILE).write(samples);
        assertThat(v3[4]).isEqualTo((byte) 3);
        assertThat(new SegmentReader().read(v3)).containsExactlyElementsOf(samples);
        assertThat(v3.length).isLessThan(v2.length * 101 / 100);
        assertThatThrownBy(() -> new SegmentWriter().formatVersion(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SegmentWriter().formatVersion(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSegmentWrittenByTheVersion1CodecIsReadExactly() throws Exception {
        // written by the codec before derived channels and range coding: a 2 s synthetic drive, CAN + IMU + GNSS
        byte[] old;
        try (InputStream in = getClass().getResourceAsStream("drive-2s-v1.flsg")) {
            assertThat(in).as("test resource drive-2s-v1.flsg").isNotNull();
            old = in.readAllBytes();
        }
        assertThat(old[4]).isEqualTo((byte) 1);
        SegmentCodecTest.Drive d = SegmentCodecTest.drive(1_700_000_000L, 2, 42);
        assertThat(new SegmentReader().read(old)).containsExactlyElementsOf(d.all());
        byte[] oldFrames;
        try (InputStream in = getClass().getResourceAsStream("drive-2s-v1.flcf")) {
            assertThat(in).as("test resource drive-2s-v1.flcf").isNotNull();
            oldFrames = in.readAllBytes();
        }
        assertThat(oldFrames[4]).isEqualTo((byte) 1);
        assertSameFrames(CanFrameSegment.read(oldFrames, null), d.frames());
    }
    private byte[] resource(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void segmentsWrittenByTheVersion2CodecAreReadExactly() throws Exception {
        // written by the version 2 codec (range-coded residuals, derived checksums and counters) before version 3
        SegmentCodecTest.Drive d = SegmentCodecTest.drive(1_700_000_000L, 2, 42);
        byte[] drive = resource("drive-2s-v2.flsg");
        assertThat(drive[4]).isEqualTo((byte) 2);
        assertThat(new SegmentReader().read(drive)).containsExactlyElementsOf(d.all());
        byte[] frames = resource("drive-2s-v2.flcf");
        assertThat(frames[4]).isEqualTo((byte) 2);
        assertSameFrames(CanFrameSegment.read(frames, null), d.frames());
        byte[] derived = resource("derived-v2.flsg");
        assertThat(derived[4]).isEqualTo((byte) 2);
        assertThat(new SegmentReader().read(derived))
                .containsExactlyElementsOf(decode(frames("crc8-autosar", 600, 0.01, 5)));
    }

    @Test
    void payloadsRebuiltWordWiseEqualTheBitwisePacking() {
        Random r = new Random(29);
        for (int trial = 0; trial < 500; trial++) {
            int length = 1 + r.nextInt(8);
            List<Derived.Field> fields = new ArrayList<>();
            List<long[]> raws = new ArrayList<>();
            int n = 1 + r.nextInt(20);
            while (fields.size() < 1 + r.nextInt(6)) { // overlapping fields too: the later one wins bit by bit
                boolean little = r.nextBoolean();
                Derived.Field f = new Derived.Field(0, r.nextInt(8 * length), 1 + r.nextInt(64), little);
                if (Derived.bytesTouched(f, length) == -1) {
                    continue;
                }
                fields.add(f);
                long[] raw = new long[n];
                for (int i = 0; i < n; i++) {
                    raw[i] = r.nextLong();
                }
                raws.add(raw);
            }
            byte[] expected = new byte[n * length];
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < fields.size(); f++) {
                    Derived.pack(expected, i * length, fields.get(f), raws.get(f)[i]);
                }
            }
            assertThat(Derived.payloads(fields, raws.toArray(new long[0][]), n, length)).as("trial %d", trial)
                    .isEqualTo(expected);
        }
    }
}
