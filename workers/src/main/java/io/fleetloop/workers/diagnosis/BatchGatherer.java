package io.fleetloop.workers.diagnosis;

import io.fleetloop.api.diagnosis.BatchReport;
import io.fleetloop.api.diagnosis.ErrorCodeStat;
import io.fleetloop.api.diagnosis.FileOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gather: merges the files' partial statistics into the batch report (docs/log-batches.md "Statistics"): error codes
 * by count (per code and module), errors per module, the timeline in buckets (one minute up to two hours of errors,
 * else about 120 buckets), bursts (at least {@link #BURST_MIN_ERRORS} errors within {@link #BURST_WINDOW_SECONDS} s,
 * overlapping windows joined), and per signal min/max/mean/p95 (nearest rank over the files' samples) and
 * out-of-range counts.
 */
final class BatchGatherer {

    static final long BURST_WINDOW_SECONDS = 10;
    static final int BURST_MIN_ERRORS = 5;
    static final int MAX_CODES = 100;
    static final int MAX_BURSTS = 100;

    private BatchGatherer() {
    }

    static BatchReport gather(List<FileOutcome> outcomes, Map<String, FilePartial> partials) {
        long lines = 0, unknown = 0, errors = 0;
        Map<String, ErrorCodeStat> codes = new LinkedHashMap<>();
        Map<String, Long> modules = new TreeMap<>();
        List<FilePartial.ErrorEvent> events = new ArrayList<>();
        Map<String, List<FilePartial.SignalPartial>> signals = new TreeMap<>();
        List<BatchReport.FileSummary> files = new ArrayList<>();
        int parsed = 0;
        for (FileOutcome outcome : outcomes) {
            FilePartial partial = partials.get(outcome.file().fileId());
            if (!outcome.parsed() || partial == null) {
                files.add(new BatchReport.FileSummary(outcome.file().fileId(), outcome.file().fileName(), outcome.file().kind(), "failed",
                        0, 0, 0, outcome.reason() == null ? "no parse results" : outcome.reason()));
                continue;
            }
            parsed++;
            lines += partial.lines();
            unknown += partial.unknownLines();
            errors += partial.errorLines();
            files.add(new BatchReport.FileSummary(outcome.file().fileId(), outcome.file().fileName(), outcome.file().kind(), "parsed",
                    partial.lines(), partial.unknownLines(), partial.errorLines(), null));
            for (ErrorCodeStat s : partial.codes()) {
                codes.merge(s.code() + "\u0000" + s.module(), s, BatchGatherer::merge);
                modules.merge(s.module(), s.count(), Long::sum);
            }
            events.addAll(partial.errors());
            for (FilePartial.SignalPartial s : partial.signals()) signals.computeIfAbsent(s.signal(), k -> new ArrayList<>()).add(s);
        }
        List<ErrorCodeStat> topCodes = codes.values().stream()
                .sorted(Comparator.comparingLong(ErrorCodeStat::count).reversed().thenComparing(ErrorCodeStat::code).thenComparing(ErrorCodeStat::module))
                .limit(MAX_CODES).toList();
        List<BatchReport.ModuleCount> moduleCounts = modules.entrySet().stream()
                .map(e -> new BatchReport.ModuleCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(BatchReport.ModuleCount::errors).reversed().thenComparing(BatchReport.ModuleCount::module)).toList();
        events.sort(Comparator.comparingLong(FilePartial.ErrorEvent::atMillis));
        long bucketSeconds = bucketSeconds(events);
        return new BatchReport(outcomes.size(), parsed, outcomes.size() - parsed, lines, unknown, errors, topCodes, moduleCounts,
                bucketSeconds, timeline(events, bucketSeconds), bursts(events),
                signals.values().stream().map(BatchGatherer::signal).toList(), files);
    }

    private static ErrorCodeStat merge(ErrorCodeStat a, ErrorCodeStat b) {
        String level = "FATAL".equals(a.level()) || "FATAL".equals(b.level()) ? "FATAL" : a.level();
        Instant first = a.firstAt().isBefore(b.firstAt()) ? a.firstAt() : b.firstAt();
        Instant last = a.lastAt().isAfter(b.lastAt()) ? a.lastAt() : b.lastAt();
        return new ErrorCodeStat(a.code(), a.module(), level, a.count() + b.count(), first, last, a.sampleMessage());
    }

    static long bucketSeconds(List<FilePartial.ErrorEvent> sorted) {
        if (sorted.isEmpty()) return 60;
        long span = (sorted.get(sorted.size() - 1).atMillis() - sorted.get(0).atMillis()) / 1000;
        if (span <= 7200) return 60;
        return ((span / 120) / 60 + 1) * 60;
    }

    static List<BatchReport.TimeBucket> timeline(List<FilePartial.ErrorEvent> sorted, long bucketSeconds) {
        if (sorted.isEmpty()) return List.of();
        long size = bucketSeconds * 1000;
        long first = Math.floorDiv(sorted.get(0).atMillis(), size);
        long last = Math.floorDiv(sorted.get(sorted.size() - 1).atMillis(), size);
        long[] counts = new long[(int) (last - first + 1)];
        for (FilePartial.ErrorEvent e : sorted) counts[(int) (Math.floorDiv(e.atMillis(), size) - first)]++;
        List<BatchReport.TimeBucket> buckets = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) buckets.add(new BatchReport.TimeBucket(Instant.ofEpochMilli((first + i) * size), counts[i]));
        return buckets;
    }

    /** Marks every window of {@link #BURST_WINDOW_SECONDS} holding enough errors, and joins overlapping ones into bursts. */
    static List<BatchReport.ErrorBurst> bursts(List<FilePartial.ErrorEvent> sorted) {
        List<BatchReport.ErrorBurst> bursts = new ArrayList<>();
        long window = BURST_WINDOW_SECONDS * 1000;
        int from = -1, to = -1;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (sorted.get(i).atMillis() - sorted.get(j).atMillis() >= window) j++;
            if (i - j + 1 < BURST_MIN_ERRORS) continue;
            if (from >= 0 && j <= to) {
                to = i; // overlaps the current burst
            } else {
                if (from >= 0) bursts.add(burst(sorted, from, to));
                from = j;
                to = i;
            }
        }
        if (from >= 0) bursts.add(burst(sorted, from, to));
        return bursts.size() > MAX_BURSTS ? bursts.stream().sorted(Comparator.comparingLong(BatchReport.ErrorBurst::count).reversed())
                .limit(MAX_BURSTS).sorted(Comparator.comparing(BatchReport.ErrorBurst::start)).toList() : bursts;
    }

    private static BatchReport.ErrorBurst burst(List<FilePartial.ErrorEvent> sorted, int from, int to) {
        Map<String, Integer> byCode = new HashMap<>();
        for (int k = from; k <= to; k++) byCode.merge(sorted.get(k).code(), 1, Integer::sum);
        String top = byCode.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .findFirst().map(Map.Entry::getKey).orElse(null);
        return new BatchReport.ErrorBurst(Instant.ofEpochMilli(sorted.get(from).atMillis()), Instant.ofEpochMilli(sorted.get(to).atMillis()),
                to - from + 1, BURST_WINDOW_SECONDS, top);
    }

    private static BatchReport.SignalSummary signal(List<FilePartial.SignalPartial> parts) {
        long count = 0, outOfRange = 0;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        List<double[]> samples = new ArrayList<>();
        for (FilePartial.SignalPartial p : parts) {
            if (p.count() == 0) continue;
            count += p.count();
            outOfRange += p.outOfRange();
            min = Math.min(min, p.min());
            max = Math.max(max, p.max());
            sum += p.sum();
            samples.add(p.sample());
        }
        double[] all = samples.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        double p95 = all.length == 0 ? 0 : all[(int) Math.ceil(0.95 * all.length) - 1];
        FilePartial.SignalPartial first = parts.get(0);
        return new BatchReport.SignalSummary(first.signal(), count, count == 0 ? 0 : min, count == 0 ? 0 : max, count == 0 ? 0 : sum / count,
                p95, first.lowLimit(), first.highLimit(), outOfRange);
    }
}
