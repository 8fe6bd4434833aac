package io.fleetloop.formats.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.candump.CandumpReader;
import io.fleetloop.formats.csv.CsvMapping;
import io.fleetloop.formats.csv.CsvSampleReader;
import io.fleetloop.formats.dbc.CanSignalDecoder;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcMessage;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticDriveTest {

    private static final long START = 1_700_000_000L;

    @Test
    void theDbcHasAboutFiftySignalsAndParsesCleanly() {
        DbcFile dbc = SyntheticDrive.dbcFile();

        assertThat(dbc.errors()).isEmpty();
        assertThat(dbc.messages()).hasSize(8);
        assertThat(dbc.messages().stream().mapToInt(m -> m.signals().size()).sum()).isEqualTo(52);
    }

    @Test
    void aMinuteOfDriveDecodesWithoutErrorsAndItsSourcesAgree() throws IOException {
        StringWriter can = new StringWriter();
        StringWriter imu = new StringWriter();
        StringWriter gnss = new StringWriter();
        new SyntheticDrive(SyntheticDrive.Config.seconds(START, 60)).write(can, imu, gnss);

        CandumpReader frames = new CandumpReader(new StringReader(can.toString()));
        CanSignalDecoder decoder = new CanSignalDecoder(SyntheticDrive.dbcFile(), frames);
        List<Sample> speed = new ArrayList<>();
        long canSamples = 0;
        while (decoder.hasNext()) {
            Sample s = decoder.next();
            canSamples++;
            if (s.channel().equals("VehicleDynamics.VehicleSpeed")) {
                speed.add(s);
            }
        }
        assertThat(frames.errors()).isEmpty();
        assertThat(decoder.errors()).isEmpty();
        assertThat(decoder.unknownFrames()).isZero();
        assertThat(speed).hasSize(60 * 100 + 1); // 10 ms
        assertThat(canSamples).isGreaterThan(60 * 100 * 13L);

        CsvSampleReader imuReader = new CsvSampleReader(new StringReader(imu.toString()),
                CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "imu.", "ax", "ay", "az", "gz"));
        long imuRows = 0;
        while (imuReader.hasNext()) {
            if (imuReader.next().channel().equals("imu.az")) {
                imuRows++;
            }
        }
        assertThat(imuReader.errors()).isEmpty();
        assertThat(imuRows).isEqualTo(60 * 200 + 1);

        CsvSampleReader gnssReader = new CsvSampleReader(new StringReader(gnss.toString()),
                CsvMapping.of("timestamp", TimeUnitScale.SECONDS, "gnss.", "speed", "lat", "lon"));
        List<Sample> gnssSpeed = new ArrayList<>();
        gnssReader.forEachRemaining(s -> {
            if (s.channel().equals("gnss.speed")) {
                gnssSpeed.add(s);
            }
        });
        assertThat(gnssSpeed).hasSize(60 * 10 + 1);
        // Cruise at 30 s: CAN says 72 km/h, GNSS 20 m/s, at the same instant.
        long at = (START + 30) * 1_000_000_000L;
        double canKmh = (Double) speed.stream().filter(s -> s.timestampNanos() == at).findFirst().orElseThrow().value();
        double gnssMs = (Double) gnssSpeed.stream().filter(s -> s.timestampNanos() == at).findFirst().orElseThrow().value();
        assertThat(canKmh).isCloseTo(72.0, within(0.01));
        assertThat(gnssMs).isCloseTo(20.0, within(0.3));
        // It stops at the end.
        assertThat((Double) speed.get(speed.size() - 1).value()).isCloseTo(0.0, within(0.01));
        DbcMessage adas = SyntheticDrive.dbcFile().message("Adas").orElseThrow();
        assertThat(adas.comment()).contains("page 1");
    }
}
