package io.fleetloop.formats.ndjson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.LineSource;
import java.io.Reader;

/**
 * Streams an NDJSON file (one JSON object per line: perception objects, planned trajectories, control commands)
 * as samples whose value is a Jackson {@link JsonNode}. A line that is not JSON, or lacks the timestamp or channel,
 * is counted and reported with its line number; reading goes on.
 */
public final class NdjsonSampleReader extends LineSource<Sample> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NdjsonMapping mapping;
    public NdjsonSampleReader(Reader reader, NdjsonMapping mapping) {
        super(reader, 0);
        this.mapping = mapping;
    }

    public long skippedLines() {
        return skipped();
    }

    @Override
    protected void line(String line) {
        Sample sample = sample(line);
        if (sample != null) {
            emit(sample);
        }
    }

    private Sample sample(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return rejected("not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            return rejected("not a JSON object");
        }
        JsonNode time = node.at(mapping.timePointer());
        if (!time.isNumber() && !time.isTextual()) {
            return rejected("no timestamp at " + mapping.timePointer());
        }
        long t;
        try {
            t = mapping.timeUnit().toNanos(time.asText());
        } catch (NumberFormatException e) {
            return rejected(e.getMessage());
        }
        String channel = mapping.channelPrefix();
        if (!mapping.channelPointer().isEmpty()) {
            JsonNode c = node.at(mapping.channelPointer());
            if (!c.isTextual()) {
                return rejected("no channel name at " + mapping.channelPointer());
            }
            channel += c.asText();
        }
        JsonNode value = mapping.valuePointer().isEmpty() ? node : node.at(mapping.valuePointer());
        if (value.isMissingNode()) {
            return rejected("no value at " + mapping.valuePointer());
        }
        return new Sample(channel, t, value);
    }

    private Sample rejected(String reason) {
        skip(reason);
        return null;
    }
}
