package io.fleetloop.formats.dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.candump.CandumpReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DbcCodecTest {

    /**
     * The ExampleMessage of cantools' test file tests/files/dbc/motohawk.dbc (github.com/cantools/cantools), with
     * its published vectors from tests/test_database.py (test_motohawk_encode_decode): {Temperature 250.55,
     * AverageRadius 3.2, Enable 1} <-> C0 06 E0 00 00 00 00 00 and {229.53, 0, 0} <-> 01 00 20 00 00 00 00 00.
     * All three signals are Motorola (@0), Temperature is signed and crosses three bytes.
     */
    private static final String MOTOHAWK = """
            VERSION ""

            NS_ :
            \tCM_
            \tVAL_
            \tSG_MUL_VAL_

            BS_:

            BU_: PCM1 FOO

            BO_ 496 ExampleMessage: 8 PCM1
             SG_ Temperature : 0|12@0- (0.01,250) [229.52|270.47] "degK"  PCM1,FOO
             SG_ AverageRadius : 6|6@0+ (0.1,0) [0|5] "m" Vector__XXX
             SG_ Enable : 7|1@0+ (1,0) [0|0] "-" Vector__XXX

            CM_ BO_ 496 "Example message
            spanning two lines; with a semicolon.";
            CM_ SG_ 496 Temperature "Coolant temperature";
            VAL_ 496 Enable 0 "Disabled" 1 "Enabled" ;
            """;

    /** Intel signals, a multiplexed message, an extended id and one broken line. */
    private static final String VEHICLE = """
            BO_ 256 WheelSpeeds: 8 ABS
             SG_ SpeedFL : 0|16@1+ (0.01,0) [0|655.35] "km/h" Vector__XXX
             SG_ Accel : 16|12@1- (0.001,0) [-2.048|2.047] "g" Vector__XXX
             SG_ Odd : 28|8@1+ (1,-100) [-100|155] "" Vector__XXX

            BO_ 512 Diag: 8 ECU
             SG_ Page M : 0|8@1+ (1,0) [0|255] "" Vector__XXX
             SG_ Voltage m0 : 8|16@1+ (0.001,0) [0|65.535] "V" Vector__XXX
             SG_ Current m1 : 8|16@1- (0.01,0) [-327.68|327.67] "A" Vector__XXX

            BO_ 2147484195 Extended: 4 ECU
             SG_ Counter : 0|8@1+ (1,0) [0|255] "" Vector__XXX
             SG_ Broken : this is not a signal
            """;

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void decodesCantoolsMotohawkVectorsWithMotorolaByteOrder() {
        DbcMessage example = DbcParser.parse(MOTOHAWK).message("ExampleMessage").orElseThrow();

        Map<String, Double> first = DbcCodec.decode(example, hex("c006e00000000000"));
        assertThat(first.get("Temperature")).isCloseTo(250.55, within(1e-9));
        assertThat(first.get("AverageRadius")).isCloseTo(3.2, within(1e-9));
        assertThat(first.get("Enable")).isEqualTo(1.0);

        Map<String, Double> second = DbcCodec.decode(example, hex("0100200000000000"));
        assertThat(second.get("Temperature")).isCloseTo(229.53, within(1e-9));
        assertThat(second.get("AverageRadius")).isZero();
        assertThat(second.get("Enable")).isZero();
    }

    @Test
    void encodesCantoolsMotohawkVectors() {
        DbcMessage example = DbcParser.parse(MOTOHAWK).message("ExampleMessage").orElseThrow();

        assertThat(DbcCodec.encode(example, Map.of("Temperature", 250.55, "AverageRadius", 3.2, "Enable", 1.0)))
                .isEqualTo(hex("c006e00000000000"));
        assertThat(DbcCodec.encode(example, Map.of("Temperature", 229.53, "AverageRadius", 0.0, "Enable", 0.0)))
                .isEqualTo(hex("0100200000000000"));
    }

    @Test
    void parsesValueTablesCommentsUnitsAndReceivers() {
        DbcFile dbc = DbcParser.parse(MOTOHAWK);
        DbcMessage example = dbc.message(496, false).orElseThrow();
        DbcSignal temperature = example.signal("Temperature").orElseThrow();
        DbcSignal enable = example.signal("Enable").orElseThrow();

        assertThat(dbc.errors()).isEmpty();
        assertThat(example.length()).isEqualTo(8);
        assertThat(example.transmitter()).isEqualTo("PCM1");
        assertThat(example.comment()).startsWith("Example message\nspanning two lines; with a semicolon.");
        assertThat(temperature.littleEndian()).isFalse();
        assertThat(temperature.signed()).isTrue();
        assertThat(temperature.unit()).isEqualTo("degK");
        assertThat(temperature.min()).isEqualTo(229.52);
        assertThat(temperature.receivers()).containsExactly("PCM1", "FOO");
        assertThat(temperature.comment()).isEqualTo("Coolant temperature");
        assertThat(enable.valueTable()).containsEntry(0L, "Disabled").containsEntry(1L, "Enabled");
        assertThat(DbcCodec.label(enable, hex("c006e00000000000"))).isEqualTo("Enabled");
    }

    @Test
    void decodesIntelSignalsIncludingSignedAndUnaligned() {
        DbcMessage wheels = DbcParser.parse(VEHICLE).message("WheelSpeeds").orElseThrow();
        // SpeedFL raw 0x2710 = 10000 -> 100.00; Accel raw 0xFFF = -1 -> -0.001 (bits 16..27);
        // Odd bits 28..35: high nibble of byte 3 (0xA) is the low nibble, low nibble of byte 4 (0x5) the high one.
        byte[] data = hex("1027ffaf05000000");

        Map<String, Double> values = DbcCodec.decode(wheels, data);

        assertThat(values.get("SpeedFL")).isCloseTo(100.0, within(1e-9));
        assertThat(values.get("Accel")).isCloseTo(-0.001, within(1e-12));
        assertThat(values.get("Odd")).isEqualTo(0x5A - 100.0);
        assertThat(DbcCodec.encode(wheels, values)).isEqualTo(data);
    }

    @Test
    void multiplexedSignalsAreDecodedOnlyForTheirMultiplexerValue() {
        DbcMessage diag = DbcParser.parse(VEHICLE).message("Diag").orElseThrow();

        assertThat(DbcCodec.decode(diag, hex("00b80b0000000000")))
                .containsOnlyKeys("Page", "Voltage").containsEntry("Voltage", 3.0);
        assertThat(DbcCodec.decode(diag, hex("0118fc0000000000")))
                .containsOnlyKeys("Page", "Current").containsEntry("Current", -10.0);
        assertThat(DbcCodec.encode(diag, Map.of("Page", 1.0, "Current", -10.0))).isEqualTo(hex("0118fc0000000000"));
    }

    @Test
    void extendedIdsAndBrokenLinesAreParsed() {
        DbcFile dbc = DbcParser.parse(VEHICLE);

        assertThat(dbc.message(0x223, true)).get().extracting(DbcMessage::name).isEqualTo("Extended");
        assertThat(dbc.message(0x223, false)).isEmpty();
        assertThat(dbc.errors()).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo(13);
            assertThat(e.reason()).startsWith("malformed SG_ line");
        });
    }

    @Test
    void candumpFramesBecomeSignalSamplesAndUndecodableFramesAreCounted() {
        String log = """
                (1.000000) can0 1F0#C006E00000000000
                (1.010000) can0 7FF#00
                (1.020000) can0 1F0#C006
                (1.030000) can0 00000223#07000000
                """;
        CanSignalDecoder decoder = new CanSignalDecoder(DbcParser.parse(MOTOHAWK + VEHICLE),
                new CandumpReader(new StringReader(log)));
        List<Sample> samples = new ArrayList<>();
        decoder.forEachRemaining(samples::add);

        assertThat(samples).extracting(Sample::channel).containsExactly("ExampleMessage.Temperature",
                "ExampleMessage.AverageRadius", "ExampleMessage.Enable", "Extended.Counter");
        assertThat(samples.get(0).timestampNanos()).isEqualTo(1_000_000_000L);
        assertThat(samples.get(3).value()).isEqualTo(7.0);
        assertThat(decoder.unknownFrames()).isEqualTo(1);
        assertThat(decoder.undecodableFrames()).isEqualTo(1);
        assertThat(decoder.errors()).extracting(SourceError::position).containsExactly(3L);
    }
}
