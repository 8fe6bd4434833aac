package io.fleetloop.formats.csv;

/**
 * The fields of one delimited line, cut by index instead of a regex split: the row rule of {@link CsvSampleReader}
 * (every delimiter separates two fields, trailing empty fields count, no quoting), shared with readers that parse
 * only some columns of a row straight into their own state. One instance is reused line after line.
 */
public final class CsvFields {

    private final char delimiter;
    private final int[] starts; // field i is line[starts[i], starts[i + 1] - 1)
    private String line;
    private int count;

    public CsvFields(char delimiter, int columns) {
        this.delimiter = delimiter;
        this.starts = new int[columns + 1];
    }

    /** Cuts {@code line}; true when it has exactly as many fields as columns (else {@link #count()} says how many). */
    public boolean cut(String line) {
        this.line = line;
        int columns = starts.length - 1;
        count = 1;
        for (int at = line.indexOf(delimiter); at >= 0; at = line.indexOf(delimiter, at + 1)) {
            if (count < columns) starts[count] = at + 1;
            count++;
        }
        if (count != columns) return false;
        starts[columns] = line.length() + 1;
        return true;
    }

    /** The number of fields of the last line cut. */
    public int count() {
        return count;
    }

    /** Field {@code index} of the last line cut, which had the right number of fields. */
    public String field(int index) {
        return line.substring(starts[index], starts[index + 1] - 1);
    }
}
