package io.fleetloop.formats.dbc;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.candump.CanFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a stream of CAN frames into signal samples with a DBC: channel {@code <Message>.<Signal>}, value the
 * physical {@link Double}. Frames whose id the DBC does not define are counted ({@link #unknownFrames()}); frames
 * too short for their signals are counted and reported by their ordinal in the frame stream, never fatal; remote
 * frames carry no values and are passed over.
 */
public final class CanSignalDecoder implements Iterator<Sample> {

    private static final int MAX_ERRORS = 1000;

    private final Iterator<CanFrame> frames;
    private final Map<Long, DbcMessage> messages;
    private final Map<String, Map<String, String>> channelNames = new java.util.HashMap<>();
    private final Deque<Sample> ready = new ArrayDeque<>();
    private final List<SourceError> errors = new ArrayList<>();
    private long ordinal;
    private long unknownFrames;
    private long undecodableFrames;

    public CanSignalDecoder(DbcFile dbc, Iterator<CanFrame> frames) {
        this.frames = frames;
        this.messages = dbc.messages().stream().collect(Collectors.toMap(m -> DbcFile.key(m.id(), m.extended()),
                Function.identity(), (a, b) -> a));
    }

    public long unknownFrames() {
        return unknownFrames;
    }

    public long undecodableFrames() {
        return undecodableFrames;
    }

    public List<SourceError> errors() {
        return Collections.unmodifiableList(errors);
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && frames.hasNext()) {
            CanFrame frame = frames.next();
            ordinal++;
            DbcMessage message = messages.get(DbcFile.key(frame.id(), frame.extended()));
            if (message == null) {
                unknownFrames++;
                continue;
            }
            if (frame.remote()) {
                continue; // a request carries no signal values
            }
            try {
                Map<String, String> names = channelNames.computeIfAbsent(message.name(), m -> new java.util.HashMap<>());
                DbcCodec.decode(message, frame.data()).forEach((signal, value) -> ready.add(new Sample(
                        names.computeIfAbsent(signal, x -> message.name() + "." + x), frame.timestampNanos(), value)));
            } catch (DbcCodec.CodecException e) {
                undecodableFrames++;
                if (errors.size() < MAX_ERRORS) {
                    errors.add(SourceError.atRecord(ordinal, message.name() + ": " + e.getMessage()));
                }
            }
        }
        return !ready.isEmpty();
    }

    @Override
    public Sample next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }
}
