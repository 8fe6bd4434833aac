package io.fleetloop.workers.diagnosis;

import io.fleetloop.api.diagnosis.ErrorCodeStat;
import io.fleetloop.api.diagnosis.LogFileKind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one log file in one streaming pass (docs/log-batches.md "Formats"):
 * <ul>
 * <li>text logs: {@code <ISO-8601 instant> [<ECU/module>] <LEVEL> <CODE|-> <message> [key=value ...]}; ERROR and FATAL
 * records are errors (counted per code and module, kept as events for the timeline and bursts);</li>
 * <li>CSV signal logs: a header {@code timestamp,<signal>[<low>..<high>],...} (the range optional), then one row per
 * instant; per signal count, min, max, mean, p95 and the values outside the range.</li>
 * </ul>
 * Lines that do not fit are counted as unknown and skipped. Content that is not a log at all (binary bytes in a text
 * log, a CSV without a timestamp column) makes the parse fail with the reason.
 */
final class LogParser {

    static final int MAX_ERROR_EVENTS = 1_000_000;
    static final int SAMPLE_SIZE = 10_000;
    private static final Pattern TEXT = Pattern.compile(
            "^(\\S+)\\s+\\[([A-Za-z0-9_.:/-]{1,64})]\\s+(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\s+([A-Za-z0-9_.-]{1,64})\\s*(.*)$");
    private static final Pattern HEADER = Pattern.compile("^\\s*([^\\[\\]]+?)\\s*(?:\\[\\s*(-?[0-9.eE+]+)\\s*\\.\\.\\s*(-?[0-9.eE+]+)\\s*])?\\s*$");

    /** Reading the file failed because its content is not a log of its kind. */
    static final class UnparseableLogException extends RuntimeException {
        UnparseableLogException(String message) {
            super(message);
        }
    }

    /** Counts bytes as they are read (the metered usage). */
    static final class CountingStream extends java.io.FilterInputStream {
        long bytes;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) bytes++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) bytes += n;
            return n;
        }
    }

    private LogParser() {
    }

    static FilePartial parse(String fileId, LogFileKind kind, InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        return kind == LogFileKind.SIGNAL_CSV ? csv(fileId, reader) : text(fileId, reader);
    }

    private static FilePartial text(String fileId, BufferedReader reader) throws IOException {
        long lines = 0, records = 0, unknown = 0, errors = 0;
        Map<String, CodeAcc> codes = new LinkedHashMap<>();
        List<FilePartial.ErrorEvent> events = new ArrayList<>();
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.indexOf('\0') >= 0) throw new UnparseableLogException("binary content in a text log at line " + (lines + 1));
            if (line.isBlank()) continue;
            lines++;
            Matcher m = TEXT.matcher(line);
            Instant at;
            if (!m.matches() || (at = instant(m.group(1))) == null) {
                unknown++;
                continue;
            }
            records++;
            String level = m.group(3);
            if (!level.equals("ERROR") && !level.equals("FATAL")) continue;
            errors++;
            String code = m.group(4).equals("-") ? "UNCODED" : m.group(4);
            String module = m.group(2);
            codes.computeIfAbsent(code + "\u0000" + module, k -> new CodeAcc(code, module, level, message(m.group(5)))).add(at, level);
            if (events.size() < MAX_ERROR_EVENTS) events.add(new FilePartial.ErrorEvent(at.toEpochMilli(), code, module));
        }
        List<ErrorCodeStat> stats = codes.values().stream().map(CodeAcc::stat).toList();
        return new FilePartial(fileId, LogFileKind.TEXT_LOG, lines, records, unknown, errors, stats, events, List.of());
    }

    private static FilePartial csv(String fileId, BufferedReader reader) throws IOException {
        String header = reader.readLine();
        while (header != null && header.isBlank()) header = reader.readLine();
        if (header == null) throw new UnparseableLogException("empty CSV: no header");
        String[] columns = header.split(",", -1);
        if (!columns[0].strip().equalsIgnoreCase("timestamp")) {
            throw new UnparseableLogException("CSV header's first column is '" + abbreviate(columns[0].strip()) + "', not timestamp");
        }
        int n = columns.length - 1;
        SignalAcc[] signals = new SignalAcc[n];
        for (int i = 0; i < n; i++) {
            Matcher m = HEADER.matcher(columns[i + 1]);
            if (!m.matches()) throw new UnparseableLogException("CSV header column " + (i + 2) + " is not a signal name");
            signals[i] = new SignalAcc(m.group(1), m.group(2) == null ? null : Double.valueOf(m.group(2)),
                    m.group(3) == null ? null : Double.valueOf(m.group(3)), i);
        }
        long lines = 1, records = 0, unknown = 0;
        double[] row = new double[n];
        boolean[] present = new boolean[n];
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.indexOf('\0') >= 0) throw new UnparseableLogException("binary content in a CSV at line " + (lines + 1));
            if (line.isBlank()) continue;
            lines++;
            String[] cells = line.split(",", -1);
            if (cells.length != n + 1 || instant(cells[0].strip()) == null || !numbers(cells, row, present)) {
                unknown++;
                continue;
            }
            records++;
            for (int i = 0; i < n; i++) if (present[i]) signals[i].add(row[i]);
        }
        List<FilePartial.SignalPartial> partials = new ArrayList<>();
        for (SignalAcc s : signals) partials.add(s.partial());
        return new FilePartial(fileId, LogFileKind.SIGNAL_CSV, lines, records, unknown, 0, List.of(), List.of(), partials);
    }

    private static boolean numbers(String[] cells, double[] row, boolean[] present) {
        for (int i = 0; i < row.length; i++) {
            String cell = cells[i + 1].strip();
            present[i] = !cell.isEmpty();
            if (!present[i]) continue;
            try {
                row[i] = Double.parseDouble(cell);
                if (!Double.isFinite(row[i])) return false;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String message(String rest) {
        return abbreviate(rest.strip());
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    private static final class CodeAcc {
        final String code, module;
        String level;
        final String sample;
        long count;
        Instant first, last;

        CodeAcc(String code, String module, String level, String sample) {
            this.code = code;
            this.module = module;
            this.level = level;
            this.sample = sample;
        }

        void add(Instant at, String level) {
            count++;
            if (level.equals("FATAL")) this.level = level;
            if (first == null || at.isBefore(first)) first = at;
            if (last == null || at.isAfter(last)) last = at;
        }

        ErrorCodeStat stat() {
            return new ErrorCodeStat(code, module, level, count, first, last, sample);
        }
    }

    private static final class SignalAcc {
        final String name;
        final Double low, high;
        final Random random;
        long count, outOfRange;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum;
        double[] sample = new double[64];
        int sampled;

        SignalAcc(String name, Double low, Double high, int seed) {
            this.name = name;
            this.low = low;
            this.high = high;
            this.random = new Random(31L + seed);
        }

        void add(double v) {
            count++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            if ((low != null && v < low) || (high != null && v > high)) outOfRange++;
            if (sampled < SAMPLE_SIZE) {
                if (sampled == sample.length) sample = java.util.Arrays.copyOf(sample, Math.min(SAMPLE_SIZE, sample.length * 2));
                sample[sampled++] = v;
            } else {
                long slot = (long) (random.nextDouble() * count); // reservoir: every value kept with equal chance
                if (slot < SAMPLE_SIZE) sample[(int) slot] = v;
            }
        }

        FilePartial.SignalPartial partial() {
            return new FilePartial.SignalPartial(name, count, count == 0 ? 0 : min, count == 0 ? 0 : max, sum, low, high, outOfRange,
                    java.util.Arrays.copyOf(sample, sampled));
        }
    }
}
