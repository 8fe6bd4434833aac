package io.fleetloop.formats.ndjson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams an NDJSON file (one JSON object per line: perception objects, planned trajectories, control commands)
 * as samples whose value is a Jackson {@link JsonNode}. A line that is not JSON, or lacks the timestamp or channel,
 * is counted and reported with its line number; reading goes on.
 */
public final class NdjsonSampleReader implements Iterator<Sample>, Closeable {

    private static final int MAX_ERRORS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader in;
    private final NdjsonMapping mapping;
    private final List<SourceError> errors = new ArrayList<>();
    private long lineNumber;
    private long skippedLines;
    private Sample next;
    private boolean eof;

    public NdjsonSampleReader(Reader reader, NdjsonMapping mapping) {
        this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        this.mapping = mapping;
    }

    public List<SourceError> errors() {
        return Collections.unmodifiableList(errors);
    }

    public long skippedLines() {
        return skippedLines;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !eof) {
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
                next = sample(line);
            }
        }
        return next != null;
    }

    private Sample sample(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return skip("not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            return skip("not a JSON object");
        }
        JsonNode time = node.at(mapping.timePointer());
        if (!time.isNumber() && !time.isTextual()) {
            return skip("no timestamp at " + mapping.timePointer());
        }
        long t;
        try {
            t = mapping.timeUnit().toNanos(time.asText());
        } catch (NumberFormatException e) {
            return skip(e.getMessage());
        }
        String channel = mapping.channelPrefix();
        if (!mapping.channelPointer().isEmpty()) {
            JsonNode c = node.at(mapping.channelPointer());
            if (!c.isTextual()) {
                return skip("no channel name at " + mapping.channelPointer());
            }
            channel += c.asText();
        }
        JsonNode value = mapping.valuePointer().isEmpty() ? node : node.at(mapping.valuePointer());
        if (value.isMissingNode()) {
            return skip("no value at " + mapping.valuePointer());
        }
        return new Sample(channel, t, value);
    }

    private Sample skip(String reason) {
        skippedLines++;
        if (errors.size() < MAX_ERRORS) {
            errors.add(SourceError.atLine(lineNumber, reason));
        }
        return null;
    }

    @Override
    public Sample next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Sample s = next;
        next = null;
        return s;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
