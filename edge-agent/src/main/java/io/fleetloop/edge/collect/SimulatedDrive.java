package io.fleetloop.edge.collect;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.synthetic.SyntheticDrive;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * A generated drive for a simulated vehicle: the synthetic drive's CAN log (52 signals of its DBC, decoded as a real
 * device would), plus seeded takeovers ({@code sim.takeover} 1 for a second) at {@code takeoversPerHour}. Same seed,
 * same drive, same triggers.
 */
public final class SimulatedDrive {

    private SimulatedDrive() {
    }

    public static SignalSource of(long startEpochSeconds, int seconds, long seed, double takeoversPerHour) throws IOException {
        StringWriter can = new StringWriter();
        new SyntheticDrive(new SyntheticDrive.Config(startEpochSeconds * 1_000_000_000L, seconds * 1_000_000_000L, seed, 0))
                .write(can, new StringWriter(), new StringWriter());
        DbcFile dbc = SyntheticDrive.dbcFile();
        List<SignalSource> sources = new ArrayList<>();
        sources.add(SignalSources.candump(new StringReader(can.toString()), dbc));
        Random random = new Random(seed * 31 + 7);
        List<RingBuffer.Entry> takeovers = new ArrayList<>();
        long start = startEpochSeconds * 1_000_000_000L;
        takeovers.add(new RingBuffer.Entry(new Sample("sim.takeover", start, 0.0), 8));
        if (takeoversPerHour > 0) {
            double t = 0;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) * 3600 / takeoversPerHour;
                if (t >= seconds - 1) break;
                long at = start + (long) (t * 1e9);
                takeovers.add(new RingBuffer.Entry(new Sample("sim.takeover", at, 1.0), 8));
                takeovers.add(new RingBuffer.Entry(new Sample("sim.takeover", at + 1_000_000_000L, 0.0), 8));
            }
        }
        takeovers.sort(java.util.Comparator.comparingLong(RingBuffer.Entry::timestampNanos));
        Iterator<RingBuffer.Entry> it = takeovers.iterator();
        sources.add(() -> it.hasNext() ? it.next() : null);
        return SignalSources.merge(sources);
    }
}
