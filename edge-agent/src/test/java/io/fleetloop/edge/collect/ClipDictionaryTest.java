package io.fleetloop.edge.collect;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.segment.SegmentDictionary;
import io.fleetloop.formats.segment.SegmentFormatException;
import io.fleetloop.formats.segment.SegmentReader;
import io.fleetloop.formats.synthetic.SyntheticDrive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipDictionaryTest {

    @Test
    void aDictionaryTrainedOnOneDriveWritesAnotherDrivesClipThatReadsBackOnlyWithIt() throws Exception {
        DictionaryTraining.Result trained;
        try (SignalSource drive = SimulatedDrive.of(1_700_000_000L, 240, 7, 0)) {
            trained = DictionaryTraining.train(drive, SyntheticDrive.dbcFile(), 2, DictionaryTraining.DEFAULT_SIZE, 19, 5);
        }
        assertThat(trained.trainingWindows()).isGreaterThan(80);
        assertThat(trained.heldOutWindows()).isGreaterThan(20);
        assertThat(trained.bytesWith()).isLessThan(trained.bytesWithout());
        SegmentDictionary dictionary = SegmentDictionary.of(trained.dictionary().bytes());

        List<RingBuffer.Entry> window = new ArrayList<>();
        try (SignalSource other = SimulatedDrive.of(1_700_100_000L, 15, 8, 0)) {
            for (RingBuffer.Entry e = other.next(); e != null; e = other.next()) window.add(e);
        }
        ClipWriter writer = new ClipWriter(SyntheticDrive.dbcFile());
        ClipWriter.Written with = writer.write(window, 19, dictionary);
        ClipWriter.Written without = writer.write(window, 19);
        assertThat(with.dictionaryId()).isEqualTo(dictionary.id());
        assertThat(without.dictionaryId()).isNull();

        byte[] segment = with.files().get("signals.flsg");
        List<Sample> read = new SegmentReader(dictionary).read(segment);
        assertThat(read).hasSize(new SegmentReader().read(without.files().get("signals.flsg")).size());
        assertThat(read.size()).isGreaterThan(1000);
        assertThatThrownBy(() -> new SegmentReader().read(segment)).isInstanceOf(SegmentFormatException.class);
        SegmentDictionary other;
        try (SignalSource drive = SimulatedDrive.of(1_700_000_000L, 60, 9, 0)) {
            other = DictionaryTraining.train(drive, SyntheticDrive.dbcFile(), 1, 4096, 3, 4).dictionary();
        }
        assertThatThrownBy(() -> new SegmentReader(other).read(segment)).isInstanceOf(SegmentFormatException.class);
    }

    @Test
    void theAgentWritesARulesClipWithItsDictionaryAndClipJsonNamesIt(@TempDir Path dir) throws Exception {
        SegmentDictionary dictionary;
        try (SignalSource drive = SimulatedDrive.of(1_700_000_000L, 60, 5, 0)) {
            dictionary = DictionaryTraining.train(drive, SyntheticDrive.dbcFile(), 1, 4096, 3, 4).dictionary();
        }
        Spool spool = new Spool(dir, 1L << 30);
        CollectionAgent agent = new CollectionAgent(new CollectionAgent.Options(30, 1L << 30, 1L << 30, 3.0, 10_000_000L), null,
                SignalNames.defaults(), spool);
        agent.rules(List.of(new CollectionRulesSync.ActiveRule(new io.fleetloop.ddi.json.model.DdiCollectionRule("flow-1", "t",
                new io.fleetloop.ddi.json.model.DdiCollectionTrigger(List.of("TAKEOVER"), null, 2.0, 1.0, 10),
                new io.fleetloop.ddi.json.model.DdiCompression("zstd", 19, "dict-a", 50.0), "edge/t"), null, dictionary)), "v1");
        List<Spool.Clip> cut = new ArrayList<>();
        for (int i = 0; i <= 1500; i++) {
            double t = i * 0.01;
            cut.addAll(agent.accept(new RingBuffer.Entry(new Sample("sim.takeover", (long) (t * 1e9), t >= 10 ? 1.0 : 0.0), 10)));
        }
        assertThat(cut).hasSize(1);
        assertThat(cut.get(0).dictionary()).isEqualTo("dict-a");
        assertThat(spool.clips()).singleElement().extracting(Spool.Clip::dictionary).isEqualTo("dict-a");
        assertThat(Files.readString(dir.resolve(cut.get(0).folder()).resolve(Spool.STATE))).contains("\"dictionary\":\"dict-a\"");
        byte[] segment = Files.readAllBytes(spool.file(cut.get(0), "signals.flsg"));
        assertThat(new SegmentReader(dictionary).read(segment)).hasSize(301);
        assertThatThrownBy(() -> new SegmentReader().read(segment)).isInstanceOf(SegmentFormatException.class);
    }

    @Test
    void theCliWritesTheDictionaryAndPrintsItsIdSizeAndTheRatios(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m1.zdict");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = io.fleetloop.edge.EdgeAgent.run(new String[]{"train-dictionary", "--out", out.toString(), "--seed", "3",
                "--drive-seconds", "120", "--window-seconds", "2"}, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        SegmentDictionary dictionary = SegmentDictionary.of(Files.readAllBytes(out));
        assertThat(printed).contains("dictionary id " + dictionary.id() + ", " + Files.size(out) + " bytes")
                .containsPattern("stored without \\(\\d+\\.\\dx\\), \\d+ with \\(\\d+\\.\\dx\\)");
    }
}
