package io.fleetloop.formats.align;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.dbc.DbcCodec;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import io.fleetloop.formats.dbc.DbcParser;
import io.fleetloop.formats.ndjson.NdjsonMapping;
import java.io.StringReader;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small hand-made recordings with values simple enough to predict every aligned value. */
final class Recordings {

    static final long T0 = 1_700_000_000_000_000_000L;
    static final long MS = 1_000_000L;

    static final DbcFile DBC = DbcParser.parse("""
            VERSION ""
            BS_:
            BU_: ECU
            BO_ 256 Dyn: 8 ECU
             SG_ Speed : 0|16@1+ (0.01,0) [0|655.35] "km/h" ECU
            """);

    static final CsvMapping GNSS = CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "", "speed");
    static final NdjsonMapping PERCEPTION = new NdjsonMapping("/t", TimeUnitScale.NANOSECONDS, "perception.", "/type", "");

    private Recordings() {
    }

    /** CAN at 100 Hz for 1 s: Dyn.Speed = 0.5 km/h per 10 ms (so speed(t) = 50 km/h per second). */
    static String candump100Hz() {
        StringBuilder out = new StringBuilder();
        DbcMessage dyn = DBC.message("Dyn").orElseThrow();
        for (int i = 0; i <= 100; i++) {
            out.append(canLine(T0 + i * 10 * MS, dyn, i * 0.5));
        }
        return out.toString();
    }

    static String canLine(long t, DbcMessage message, double speed) {
        byte[] data = DbcCodec.encode(message, Map.of("Speed", speed));
        return "(" + seconds(t) + ") can0 100#" + HexFormat.of().withUpperCase().formatHex(data) + "\n";
    }

    /** GNSS at 10 Hz for 0.9 s: speed = 1 m/s per 100 ms. */
    static String gnss10Hz() {
        StringBuilder out = new StringBuilder("timestamp,speed\n");
        for (int i = 0; i < 10; i++) {
            out.append(seconds(T0 + i * 100 * MS)).append(',').append(i).append(".0\n");
        }
        return out.toString();
    }

    /** Perception objects at 10 Hz: {"t":..,"type":"objects","n":i}. */
    static String perception10Hz() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= 10; i++) {
            out.append("{\"t\":").append(T0 + i * 100 * MS).append(",\"type\":\"objects\",\"n\":").append(i).append("}\n");
        }
        return out.toString();
    }

    /** Camera frames at 10 Hz, 5 ms after each 100 ms. */
    static List<FrameRef> camera10Hz() {
        return java.util.stream.IntStream.rangeClosed(0, 10)
                .mapToObj(i -> new FrameRef("cam/" + (T0 + 5 * MS + i * 100 * MS) + ".jpg", T0 + 5 * MS + i * 100 * MS,
                        1000, "jpg"))
                .toList();
    }

    static AlignedSource can(String text) {
        return new AlignedSource("can", 0, () -> SampleStreams.candump("can", new StringReader(text), DBC));
    }

    static AlignedSource gnss(long offset) {
        return new AlignedSource("gnss", offset, () -> SampleStreams.csv("gnss", new StringReader(gnss10Hz()), GNSS));
    }

    static AlignedSource perception() {
        return new AlignedSource("perception", 0,
                () -> SampleStreams.ndjson("perception", new StringReader(perception10Hz()), PERCEPTION));
    }

    static AlignedSource camera() {
        return new AlignedSource("camera", 0, () -> SampleStreams.frames("camera", "front", camera10Hz()));
    }

    /** A discrete state as text: "P" from T0, "D" from T0 + 300 ms, then "D" again at T0 + 900 ms. */
    static AlignedSource gear() {
        List<Sample> samples = List.of(new Sample("gear", T0, "P"), new Sample("gear", T0 + 300 * MS, "D"),
                new Sample("gear", T0 + 900 * MS, "D"));
        return new AlignedSource("body", 0, () -> SampleStreams.of("body", samples.iterator(), List::of, null));
    }

    static AlignedSource of(String name, Iterator<Sample> samples) {
        return new AlignedSource(name, 0, () -> SampleStreams.of(name, samples, List::of, null));
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%d.%06d", nanos / 1_000_000_000L, (nanos % 1_000_000_000L) / 1000);
    }
}
