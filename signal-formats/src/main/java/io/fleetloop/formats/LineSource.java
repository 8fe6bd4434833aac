package io.fleetloop.formats;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The line loop of the text readers (candump, CSV, NDJSON): reads one line at a time, numbers it, hands every
 * non-blank line to {@link #line}, which {@link #emit emits} items or {@link #skip skips} the line with a reason.
 * A skipped line is counted and, for the first 1000, reported with its line number; reading goes on.
 */
public abstract class LineSource<T> implements Iterator<T>, Closeable {

    private static final int MAX_ERRORS = 1000;

    protected final BufferedReader in;
    private final List<SourceError> errors = new ArrayList<>();
    private final Deque<T> ready = new ArrayDeque<>();
    private long lineNumber;
    private long skipped;
    private boolean eof;

    /** {@code linesRead}: lines the subclass reads itself before the loop starts (e.g. a header). */
    protected LineSource(Reader reader, long linesRead) {
        this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        this.lineNumber = linesRead;
    }

    /** One non-blank line, number {@link #lineNumber()}: emit its items, or skip it with the reason. */
    protected abstract void line(String line);

    protected final void emit(T item) {
        ready.add(item);
    }

    protected final void skip(String reason) {
        skipped++;
        if (errors.size() < MAX_ERRORS) {
            errors.add(SourceError.atLine(lineNumber, reason));
        }
    }

    protected final long lineNumber() {
        return lineNumber;
    }

    /** Lines that gave no item, with line number and reason (the first 1000). */
    public List<SourceError> errors() {
        return Collections.unmodifiableList(errors);
    }

    protected final long skipped() {
        return skipped;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !eof) {
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null) {
                eof = true;
                break;
            }
            lineNumber++;
            if (!line.isBlank()) {
                line(line);
            }
        }
        return !ready.isEmpty();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
