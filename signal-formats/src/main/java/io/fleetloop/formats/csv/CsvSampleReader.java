package io.fleetloop.formats.csv;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.LineSource;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.SourceFormatException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Streams a CSV file with a header row (IMU, GNSS, any numeric log) as samples, one per mapped column and row; the
 * value is a {@link Double}, an empty cell gives no sample. A header without a mapped column fails at once with
 * {@link SourceFormatException} (line 1) naming the missing columns; a bad row (wrong number of fields, a value or
 * timestamp that is not a number) is counted and reported with its line number, and reading goes on. Fields are
 * split on the delimiter; quoted fields containing the delimiter are not supported.
 */
public final class CsvSampleReader extends LineSource<Sample> {

    private final CsvMapping mapping;
    private final int timeIndex;
    private final int[] valueIndexes;
    private final String[] channels;
    private final int columnCount;
    private final CsvFields fields;

    public CsvSampleReader(Reader reader, CsvMapping mapping) throws IOException {
        super(reader, 1);
        this.mapping = mapping;
        String header = in.readLine();
        if (header == null) {
            throw new SourceFormatException(SourceError.atLine(1, "empty file: no header row"));
        }
        List<String> columns = Arrays.stream(stripBom(header).split(Pattern.quote(String.valueOf(mapping.delimiter())), -1)).map(String::strip).toList();
        this.columnCount = columns.size();
        List<String> missing = new ArrayList<>();
        if (!columns.contains(mapping.timeColumn())) {
            missing.add(mapping.timeColumn());
        }
        mapping.channels().keySet().stream().filter(c -> !columns.contains(c)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new SourceFormatException(SourceError.atLine(1, "missing columns " + missing + " in header " + columns));
        }
        this.timeIndex = columns.indexOf(mapping.timeColumn());
        this.valueIndexes = mapping.channels().keySet().stream().mapToInt(columns::indexOf).toArray();
        this.channels = mapping.channels().values().toArray(String[]::new);
        this.fields = new CsvFields(mapping.delimiter(), columnCount);
    }

    public long skippedRows() {
        return skipped();
    }

    @Override
    protected void line(String line) {
        if (!fields.cut(line)) {
            skip("expected " + columnCount + " fields, got " + fields.count());
            return;
        }
        List<Sample> row = new ArrayList<>(channels.length);
        try {
            long t = mapping.timeUnit().toNanos(fields.field(timeIndex));
            for (int i = 0; i < valueIndexes.length; i++) {
                String cell = fields.field(valueIndexes[i]).strip();
                if (!cell.isEmpty()) {
                    row.add(new Sample(channels[i], t, Double.parseDouble(cell)));
                }
            }
        } catch (NumberFormatException e) {
            skip(e.getMessage());
            return;
        }
        row.forEach(this::emit);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
