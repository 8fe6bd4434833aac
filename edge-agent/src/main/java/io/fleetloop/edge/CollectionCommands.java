package io.fleetloop.edge;

import io.fleetloop.edge.collect.ClipUploader;
import io.fleetloop.edge.collect.CollectionAgent;
import io.fleetloop.edge.collect.CollectionDevice;
import io.fleetloop.edge.collect.CollectionFleet;
import io.fleetloop.edge.collect.SignalNames;
import io.fleetloop.edge.collect.SignalSource;
import io.fleetloop.edge.collect.SignalSources;
import io.fleetloop.edge.collect.Spool;
import io.fleetloop.edge.ota.DdiAuth;
import io.fleetloop.edge.ota.DdiClient;
import io.fleetloop.formats.TimeUnitScale;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcParser;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The edge collection commands: {@code collect} (one device over recorded or live sources), {@code fleet --collect}, {@code status}. */
final class CollectionCommands {

    private CollectionCommands() {
    }

    static CollectionAgent.Options agentOptions(CliArgs cli) throws CliArgs.UsageException {
        CollectionAgent.Options d = CollectionAgent.Options.defaults();
        return new CollectionAgent.Options(cli.decimal("--ring-seconds", d.ringSeconds()),
                cli.longValue("--ring-max-bytes", d.ringMaxBytes()), cli.longValue("--spool-max-bytes", d.spoolCapBytes()),
                cli.decimal("--hard-braking", d.hardBrakingMs2()), d.evaluationIntervalNanos());
    }

    /**
     * {@code collect --server URL --tenant T --controller-id ID (--target-token|--gateway-token) --spool DIR
     * [--candump can.log --dbc x.dbc] [--csv file:timeColumn:prefix:col,col] [--frames DIR:channel] [--interval 10]}.
     */
    static int collect(String[] args, PrintStream out, PrintStream err) throws CliArgs.UsageException, InterruptedException {
        CliArgs cli = CliArgs.parse(args, 1, Set.of("--server", "--tenant", "--controller-id", "--target-token", "--gateway-token",
                "--spool", "--candump", "--dbc", "--csv", "--frames", "--interval", "--ring-seconds", "--ring-max-bytes",
                "--spool-max-bytes", "--hard-braking", "--url-expiry"), Set.of());
        DdiAuth auth = cli.get("--target-token").map(DdiAuth::targetToken)
                .orElseGet(() -> cli.get("--gateway-token").map(DdiAuth::gatewayToken).orElse(null));
        if (auth == null) throw new CliArgs.UsageException("--target-token or --gateway-token required");
        try {
            DbcFile dbc = cli.get("--dbc").isPresent() ? DbcParser.parse(Files.readString(Path.of(cli.get("--dbc").get()))) : null;
            List<SignalSource> sources = new ArrayList<>();
            addRecordedSources(cli, dbc, sources);
            if (cli.get("--frames").isPresent()) {
                String[] p = cli.get("--frames").get().split(":");
                if (p.length != 2) throw new CliArgs.UsageException("--frames DIR:channel");
                sources.add(SignalSources.frames(Path.of(p[0]), p[1]));
            }
            if (sources.isEmpty()) throw new CliArgs.UsageException("no source: --candump, --csv or --frames");
            CollectionAgent.Options options = agentOptions(cli);
            Spool spool = new Spool(Path.of(cli.required("--spool")), options.spoolCapBytes());
            CollectionAgent agent = new CollectionAgent(options, dbc, SignalNames.defaults(), spool);
            DdiClient ddi = new DdiClient(DdiClient.newHttpClient(), URI.create(cli.required("--server")), cli.required("--tenant"), auth);
            ClipUploader.Progress progress = new ClipUploader.Progress();
            CollectionDevice device = new CollectionDevice(ddi, cli.required("--controller-id"), agent, progress,
                    cli.get("--url-expiry").map(Integer::valueOf).orElse(null), cli.decimal("--interval", 10));
            Thread ticker = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    err.print("\r" + statusLine(agent, progress));
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            ticker.setDaemon(true);
            ticker.start();
            try (SignalSource source = SignalSources.merge(sources)) {
                device.run(source);
            } finally {
                ticker.interrupt();
            }
            err.println("\r" + statusLine(agent, progress));
            for (String refused : agent.refusedRules()) err.println("rule refused: " + refused);
            out.println(String.format(Locale.ROOT, "samples %d, triggers %d, clips reported %d, failed %d, %.2f km, spool %d bytes",
                    agent.samples(), agent.totalTriggers(), progress.clipsReported.get(), progress.clipsFailed.get(), agent.totalKm(),
                    spool.bytes()));
            return progress.clipsFailed.get() == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("collect: " + e.getMessage());
            return 1;
        }
    }

    /**
     * {@code train-dictionary --out FILE ([--candump can.log --dbc x.dbc] [--csv …] | --seed S [--drive-seconds 600])
     * [--window-seconds 10] [--size 32768] [--level 19] [--hold-out-every 5]}: trains a zstd dictionary for clips of a
     * vehicle model on a recording, writes its bytes to FILE (upload it as a catalog asset and name the asset id in
     * {@code compressionRule.dictionary}) and prints its id, size and the ratio with and without it on held-out windows.
     */
    static int trainDictionary(String[] args, PrintStream out, PrintStream err) throws CliArgs.UsageException {
        CliArgs cli = CliArgs.parse(args, 1, Set.of("--out", "--candump", "--dbc", "--csv", "--seed", "--drive-seconds",
                "--window-seconds", "--size", "--level", "--hold-out-every"), Set.of());
        Path target = Path.of(cli.required("--out"));
        try {
            DbcFile dbc = cli.get("--dbc").isPresent() ? DbcParser.parse(Files.readString(Path.of(cli.get("--dbc").get()))) : null;
            List<SignalSource> sources = new ArrayList<>();
            if (cli.get("--seed").isPresent()) {
                if (dbc == null) dbc = io.fleetloop.formats.synthetic.SyntheticDrive.dbcFile();
                sources.add(io.fleetloop.edge.collect.SimulatedDrive.of(1_700_000_000L, (int) cli.longValue("--drive-seconds", 600),
                        cli.longValue("--seed", 42), 0));
            }
            addRecordedSources(cli, dbc, sources);
            if (sources.isEmpty()) throw new CliArgs.UsageException("no source: --seed, --candump or --csv");
            io.fleetloop.edge.collect.DictionaryTraining.Result result;
            try (SignalSource source = SignalSources.merge(sources)) {
                result = io.fleetloop.edge.collect.DictionaryTraining.train(source, dbc, cli.decimal("--window-seconds", 10),
                        (int) cli.longValue("--size", io.fleetloop.edge.collect.DictionaryTraining.DEFAULT_SIZE),
                        (int) cli.longValue("--level", 19), (int) cli.longValue("--hold-out-every", 5));
            }
            byte[] bytes = result.dictionary().bytes();
            Files.write(target, bytes);
            out.println(String.format(Locale.ROOT, "dictionary id %d, %d bytes -> %s", result.dictionary().id(), bytes.length, target));
            out.println(String.format(Locale.ROOT,
                    "trained on %d windows; %d held-out windows: %d bytes at the source, %d stored without (%.1fx), %d with (%.1fx)",
                    result.trainingWindows(), result.heldOutWindows(), result.rawBytes(), result.bytesWithout(), result.ratioWithout(),
                    result.bytesWith(), result.ratioWith()));
            return 0;
        } catch (IOException e) {
            err.println("train-dictionary: " + e.getMessage());
            return 1;
        }
    }

    static String statusLine(CollectionAgent agent, ClipUploader.Progress progress) {
        long total = Math.max(1, agent.totalTriggers());
        int width = 20;
        int filled = (int) Math.min(width, progress.clipsReported.get() * width / total);
        return String.format(Locale.ROOT, "[%s%s] ring %.1f MB / %d samples  triggers %d  reported %d  uploaded %.2f MB  spool %d clips",
                "#".repeat(filled), ".".repeat(width - filled), agent.ring().bytes() / 1e6, agent.ring().size(), agent.totalTriggers(),
                progress.clipsReported.get(), progress.bytesSent.get() / 1e6, agent.spool().clips().size());
    }

    /** {@code status --spool DIR}: the clips waiting in the spool and how far each upload got. */
    static int status(String[] args, PrintStream out) throws CliArgs.UsageException {
        CliArgs cli = CliArgs.parse(args, 1, Set.of("--spool"), Set.of());
        try {
            Spool spool = new Spool(Path.of(cli.required("--spool")), Long.MAX_VALUE);
            List<Spool.Clip> clips = spool.clips();
            out.println("spool " + spool.dir() + ": " + clips.size() + " clips, " + spool.bytes() + " bytes");
            for (Spool.Clip clip : clips) {
                long done = 0, total = 0;
                for (Spool.ClipFile f : clip.files()) {
                    total += f.size();
                    done += f.completed() ? f.size() : 0;
                }
                out.println(String.format(Locale.ROOT, "  %s  %-9s %s flow %s  %s  %d/%d bytes uploaded%s", clip.triggerId(), clip.status(),
                        clip.kind(), clip.flowId(), clip.triggerTime(), done, total, clip.error() == null ? "" : "  " + clip.error()));
                clip.ratios().forEach((modality, r) -> out.println(String.format(Locale.ROOT, "      %-28s %8d samples %10d -> %9d bytes  %.1fx",
                        modality, r.samples(), r.rawBytes(), r.storedBytes(), r.ratio())));
            }
            return 0;
        } catch (IOException e) {
            out.println("status: " + e.getMessage());
            return 1;
        }
    }

    /** {@code fleet --collect ...}: the collection fleet simulator. */
    static int fleet(String[] args, PrintStream out, PrintStream err) throws CliArgs.UsageException, InterruptedException {
        CliArgs cli = CliArgs.parse(args, 1, Set.of("--server", "--tenant", "--gateway-token", "--devices", "--id-prefix", "--id-width",
                "--seed", "--drive-seconds", "--takeovers-per-hour", "--spool", "--threads", "--interval", "--ring-seconds",
                "--ring-max-bytes", "--spool-max-bytes", "--hard-braking", "--url-expiry", "--start-epoch"), Set.of("--collect", "--quiet"));
        Path spool = cli.get("--spool").map(Path::of).orElseGet(() -> {
            try {
                return Files.createTempDirectory("fleetloop-fleet-spool");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CollectionFleet.Options options = new CollectionFleet.Options(URI.create(cli.required("--server")), cli.required("--tenant"),
                DdiAuth.gatewayToken(cli.required("--gateway-token")), cli.integer("--devices", 0), cli.get("--id-prefix", "dev-"),
                cli.integer("--id-width", 5), cli.longValue("--seed", 42), cli.integer("--drive-seconds", 120),
                cli.decimal("--takeovers-per-hour", 6), spool, agentOptions(cli), cli.integer("--threads", 8),
                cli.get("--url-expiry").map(Integer::valueOf).orElse(null), cli.decimal("--interval", 10),
                cli.longValue("--start-epoch", 1_764_000_000L));
        if (options.devices() < 1) throw new CliArgs.UsageException("--devices must be at least 1");
        CollectionFleet.Result result = CollectionFleet.run(options, cli.flag("--quiet") ? null : err);
        out.println(String.format(Locale.ROOT, "devices %d, triggers %d, clips reported %d, failed %d, %.1f km, %.2f MB uploaded, %d samples",
                result.devices(), result.triggers(), result.reported(), result.failed(), result.km(), result.bytesSent() / 1e6, result.samples()));
        result.errors().forEach(e -> err.println("error: " + e));
        return result.failed() == 0 && result.errors().isEmpty() ? 0 : 1;
    }

    /** The recorded sources both {@code collect} and {@code train-dictionary} read: a candump log (with its DBC), a CSV stream. */
    private static void addRecordedSources(CliArgs cli, DbcFile dbc, List<SignalSource> sources) throws IOException, CliArgs.UsageException {
        if (cli.get("--candump").isPresent()) {
            if (dbc == null) throw new CliArgs.UsageException("--candump needs --dbc");
            sources.add(SignalSources.candump(Files.newBufferedReader(Path.of(cli.get("--candump").get())), dbc));
        }
        if (cli.get("--csv").isPresent()) {
            String[] p = cli.get("--csv").get().split(":");
            if (p.length != 4) throw new CliArgs.UsageException("--csv file:timeColumn:prefix:col,col");
            sources.add(SignalSources.csv(Path.of(p[0]), p[1], TimeUnitScale.SECONDS, p[2], p[3].split(",")));
        }
    }
}
