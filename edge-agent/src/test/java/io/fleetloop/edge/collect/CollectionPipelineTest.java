package io.fleetloop.edge.collect;

import io.fleetloop.ddi.json.model.DdiClipUpload;
import io.fleetloop.ddi.json.model.DdiClipUploadRequest;
import io.fleetloop.ddi.json.model.DdiCollectionRule;
import io.fleetloop.ddi.json.model.DdiCollectionTrigger;
import io.fleetloop.ddi.json.model.DdiCollectionTriggered;
import io.fleetloop.ddi.json.model.DdiCompression;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.segment.SegmentReader;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectionPipelineTest {

    private static RingBuffer.Entry sample(String channel, double seconds, double value) {
        return new RingBuffer.Entry(new Sample(channel, (long) (seconds * 1e9), value), 10);
    }

    @Test
    void theRingKeepsOnlyTheLastWindowAndStaysUnderItsByteCap() {
        RingBuffer ring = new RingBuffer(10, 1L << 30);
        for (int i = 0; i <= 20_000; i++) ring.add(sample("speed", i * 0.001, i));
        assertThat(ring.oldestNanos()).isEqualTo(10_000_000_000L); // 20 s of data, the last 10 s kept
        assertThat(ring.size()).isEqualTo(10_001);

        RingBuffer small = new RingBuffer(60, 64 * 1024);
        for (int i = 0; i < 100_000; i++) small.add(sample("speed", i * 0.0005, i));
        assertThat(small.bytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(small.peakBytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(small.evicted()).isGreaterThan(90_000);
        // Frames count with their bytes.
        RingBuffer frames = new RingBuffer(60, 1024 * 1024);
        for (int i = 0; i < 100; i++) {
            frames.add(new RingBuffer.Entry(new Sample("camera", i * 10_000_000L, new SignalSources.Frame(i + ".jpg", new byte[100_000])), 100_000));
        }
        assertThat(frames.size()).isLessThanOrEqualTo(10);
        assertThat(frames.bytes()).isLessThanOrEqualTo(1024 * 1024);
    }

    private static CollectionRulesSync.ActiveRule rule(String expression, double pre, double post, int rateLimit, String... kinds) {
        RuleEvaluator evaluator = new RuleEvaluator();
        return new CollectionRulesSync.ActiveRule(new DdiCollectionRule("flow-1", "swerves",
                new DdiCollectionTrigger(List.of(kinds), expression, pre, post, rateLimit), new DdiCompression("zstd", 19, null, 50.0),
                "edge/swerves"), expression == null ? null : evaluator.compile(expression));
    }

    @Test
    void aTriggerCutsExactlyThePreAndPostWindowOnceThePostWindowHasPassed(@TempDir Path dir) throws IOException {
        Spool spool = new Spool(dir, 1L << 30);
        CollectionAgent agent = new CollectionAgent(new CollectionAgent.Options(30, 1L << 30, 1L << 30, 3.0, 10_000_000L), null,
                SignalNames.defaults(), spool);
        agent.rules(List.of(rule("speed > 20.0", 2, 1, 10, "EXPRESSION")), "v1");
        List<Spool.Clip> cut = new ArrayList<>();
        for (int i = 0; i <= 2000; i++) { // 20 s at 100 Hz; speed crosses 20 at t = 10 s
            double t = i * 0.01;
            cut.addAll(agent.accept(sample("speed", t, t < 10 ? 10 : 30)));
            if (t < 11) assertThat(cut).as("nothing before t + post").isEmpty();
        }
        assertThat(cut).hasSize(1);
        Spool.Clip clip = cut.get(0);
        assertThat(clip.triggerTime()).isEqualTo(Instant.ofEpochSecond(10).toString());
        assertThat(clip.kind()).isEqualTo("EXPRESSION");
        assertThat(clip.ruleVersion()).isEqualTo("v1");
        List<Sample> samples = new SegmentReader().read(Files.readAllBytes(spool.file(clip, "signals.flsg")));
        assertThat(samples.get(0).timestampNanos()).isEqualTo(8_000_000_000L);
        assertThat(samples.get(samples.size() - 1).timestampNanos()).isEqualTo(11_000_000_000L);
        assertThat(samples).hasSize(301);
        assertThat(clip.ratios()).containsKey("signals (whole segment)");
    }

    @Test
    void rateLimitAndRisingEdgesAndAWindowLargerThanTheRingIsRefused(@TempDir Path dir) throws IOException {
        Spool spool = new Spool(dir, 1L << 30);
        CollectionAgent agent = new CollectionAgent(new CollectionAgent.Options(10, 1L << 30, 1L << 30, 3.0, 10_000_000L), null,
                SignalNames.defaults(), spool);
        agent.rules(List.of(rule(null, 8, 5, 1, "TAKEOVER")), "v1");
        assertThat(agent.refusedRules()).singleElement().asString().contains("exceeds the ring buffer");
        agent.rules(List.of(rule(null, 1, 1, 2, "TAKEOVER", "HARD_BRAKING")), "v2");
        assertThat(agent.refusedRules()).isEmpty();
        List<Spool.Clip> cut = new ArrayList<>();
        for (int i = 0; i <= 6000; i++) { // a takeover every 10 s (held 1 s), 60 s
            double t = i * 0.01;
            cut.addAll(agent.accept(sample("sim.takeover", t, (t % 10) >= 5 && (t % 10) < 6 ? 1 : 0)));
        }
        cut.addAll(agent.finish());
        assertThat(cut).hasSize(2); // six rising edges, two per hour allowed
        assertThat(agent.engine().rateLimited()).isEqualTo(4);
        assertThat(cut).extracting(Spool.Clip::kind).containsOnly("TAKEOVER");
    }

    @Test
    void theSpoolEvictsTheOldestClipsFirstWhenOverItsCap(@TempDir Path dir) throws IOException {
        Spool spool = new Spool(dir, 2500);
        for (int i = 1; i <= 5; i++) {
            byte[] bytes = new byte[1000];
            spool.add(new Spool.Clip(null, "flow-1", "trig-" + i, "TAKEOVER", Instant.ofEpochSecond(i).toString(), "v1",
                    List.of(new Spool.ClipFile("signals.flsg", 1000, ClipWriter.sha256(bytes), null, List.of(), null, false)),
                    Map.of(), null, null), Map.of("signals.flsg", bytes));
        }
        assertThat(spool.clips()).extracting(Spool.Clip::triggerId).containsExactly("trig-4", "trig-5");
        assertThat(spool.evicted()).isEqualTo(3);
        assertThat(spool.bytes()).isLessThanOrEqualTo(2500);
        // The state survives a restart; the order too.
        Spool reopened = new Spool(dir, 2500);
        assertThat(reopened.clips()).extracting(Spool.Clip::triggerId).containsExactly("trig-4", "trig-5");
    }

    /** A store and platform in memory: parts by upload, presigned "URLs", a crash injected at one PUT. */
    static final class FakeChannel implements ClipUploader.Channel {
        final long partSize;
        final Map<String, Map<Integer, byte[]>> parts = new HashMap<>();
        final Map<String, DdiClipUploadRequest> uploads = new HashMap<>();
        final Map<String, byte[]> objects = new HashMap<>();
        final List<String> puts = new ArrayList<>();
        final List<DdiCollectionTriggered> reports = new ArrayList<>();
        int crashAtPut = -1;

        FakeChannel(long partSize) {
            this.partSize = partSize;
        }

        @Override
        public DdiClipUpload open(DdiClipUploadRequest request) {
            String id = request.triggerId() + "/" + request.fileName();
            uploads.putIfAbsent(id, request);
            Map<Integer, byte[]> received = parts.computeIfAbsent(id, k -> new HashMap<>());
            int count = (int) Math.max(1, (request.size() + partSize - 1) / partSize);
            List<DdiClipUpload.Part> missing = new ArrayList<>();
            for (int p = 1; p <= count; p++) {
                if (received.containsKey(p)) continue;
                long size = p < count ? partSize : request.size() - (count - 1) * partSize;
                missing.add(new DdiClipUpload.Part(p, size, id + "#" + p));
            }
            return new DdiClipUpload(id, objects.containsKey(id) ? "COMPLETED" : "OPEN", "s3://b/" + id, partSize, missing,
                    List.copyOf(new TreeSet<>(received.keySet())), Instant.now().plusSeconds(60).toString());
        }

        @Override
        public String putPart(String url, byte[] bytes) throws IOException {
            if (puts.size() == crashAtPut) {
                crashAtPut = -1;
                throw new IOException("power cut");
            }
            puts.add(url);
            String[] p = url.split("#");
            parts.get(p[0]).put(Integer.parseInt(p[1]), bytes);
            return "etag";
        }

        @Override
        public DdiClipUpload complete(String uploadId) {
            Map<Integer, byte[]> received = parts.get(uploadId);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            new TreeSet<>(received.keySet()).forEach(p -> out.writeBytes(received.get(p)));
            objects.put(uploadId, out.toByteArray());
            return new DdiClipUpload(uploadId, "COMPLETED", "s3://b/" + uploadId, partSize, List.of(), null, null);
        }

        @Override
        public void report(DdiCollectionTriggered report) {
            reports.add(report);
        }
    }

    @Test
    void theReportNamesTheDictionaryTheClipWasWrittenWithAndOnlyThen(@TempDir Path dir) throws Exception {
        byte[] withDictionary = "segment written with dict-a".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] without = "segment written without a dictionary".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Spool spool = new Spool(dir, 1L << 30);
        spool.add(new Spool.Clip(null, "flow-1", "trig-1", "TAKEOVER", Instant.ofEpochSecond(5).toString(), "v1",
                List.of(new Spool.ClipFile("signals.flsg", withDictionary.length, ClipWriter.sha256(withDictionary), null, List.of(), null, false)),
                Map.of(), null, null, "dict-a"), Map.of("signals.flsg", withDictionary));
        spool.add(new Spool.Clip(null, "flow-2", "trig-2", "TAKEOVER", Instant.ofEpochSecond(6).toString(), "v1",
                List.of(new Spool.ClipFile("signals.flsg", without.length, ClipWriter.sha256(without), null, List.of(), null, false)),
                Map.of(), null, null), Map.of("signals.flsg", without));
        FakeChannel platform = new FakeChannel(4000);

        assertThat(new ClipUploader(spool, platform, new ClipUploader.Progress()).uploadPending()).isEqualTo(2);

        assertThat(platform.reports).extracting(DdiCollectionTriggered::triggerId, DdiCollectionTriggered::dictionary)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("trig-1", "dict-a"), org.assertj.core.groups.Tuple.tuple("trig-2", null));
    }

    @Test
    void anUploadInterruptedByACrashContinuesWhereItStoppedAfterARestart(@TempDir Path dir) throws Exception {
        byte[] content = new byte[10_500];
        new java.util.Random(7).nextBytes(content);
        Spool spool = new Spool(dir, 1L << 30);
        spool.add(new Spool.Clip(null, "flow-1", "trig-1", "TAKEOVER", Instant.ofEpochSecond(5).toString(), "v1",
                List.of(new Spool.ClipFile("signals.flsg", content.length, ClipWriter.sha256(content), null, List.of(), null, false)),
                Map.of(), null, null), Map.of("signals.flsg", content));
        FakeChannel store = new FakeChannel(4000); // three parts
        store.crashAtPut = 2; // the third PUT fails: the power goes
        ClipUploader first = new ClipUploader(spool, store, new ClipUploader.Progress());
        assertThat(first.uploadPending()).isZero();
        Spool.Clip interrupted = spool.clips().get(0);
        assertThat(interrupted.status()).isEqualTo("UPLOADING");
        assertThat(interrupted.files().get(0).partsDone()).containsExactly(1, 2);
        assertThat(store.reports).isEmpty();

        // Restart: a new spool and uploader over the same folder.
        Spool restarted = new Spool(dir, 1L << 30);
        ClipUploader second = new ClipUploader(restarted, store, new ClipUploader.Progress());
        assertThat(second.uploadPending()).isEqualTo(1);
        assertThat(store.puts).containsExactly("trig-1/signals.flsg#1", "trig-1/signals.flsg#2", "trig-1/signals.flsg#3");
        assertThat(store.objects.get("trig-1/signals.flsg")).isEqualTo(content);
        assertThat(store.reports).singleElement().satisfies(r -> {
            assertThat(r.triggerId()).isEqualTo("trig-1");
            assertThat(r.storagePaths()).containsExactly("s3://b/trig-1/signals.flsg");
        });
        assertThat(restarted.clips()).isEmpty();
    }

    @Test
    void aSimulatedDriveIsReproducibleBySeedAndCompressesCanAtLeastFiftyTimes(@TempDir Path dir) throws IOException {
        List<String> first = triggers(dir.resolve("a"), 11);
        List<String> again = triggers(dir.resolve("b"), 11);
        assertThat(first).isNotEmpty().isEqualTo(again);
        Spool spool = new Spool(dir.resolve("a"), 1L << 30);
        Spool.ModalityRatio can = spool.clips().get(0).ratios().get("can");
        assertThat(can.ratio()).as("CAN ratio %s", can).isGreaterThanOrEqualTo(50);
    }

    private static List<String> triggers(Path dir, long seed) throws IOException {
        Spool spool = new Spool(dir, 1L << 30);
        CollectionAgent agent = new CollectionAgent(CollectionAgent.Options.defaults(), SyntheticDrive.dbcFile(), SignalNames.defaults(), spool);
        agent.rules(List.of(rule("speed > 50.0 && abs(yaw_rate) > 3.0", 5, 3, 10, "EXPRESSION", "TAKEOVER")), "v1");
        try (SignalSource drive = SimulatedDrive.of(1_764_000_000L, 90, seed, 20)) {
            for (RingBuffer.Entry e; (e = drive.next()) != null; ) agent.accept(e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        agent.finish();
        return spool.clips().stream().map(c -> c.triggerId() + " " + c.kind() + " " + c.files().get(0).sha256()).toList();
    }

    @Test
    void aBadSourceLineIsSkipped() throws IOException {
        SignalSource source = SignalSources.candump(new java.io.StringReader("garbage\n(1.000000) can0 110#E80300000000E803\n"),
                SyntheticDrive.dbcFile());
        RingBuffer.Entry e = source.next();
        assertThat(e.sample().channel()).startsWith("VehicleDynamics.");
        assertThatThrownBy(() -> new RingBuffer(0, 1 << 20)).isInstanceOf(IllegalArgumentException.class);
    }
}
