package io.fleetloop.bench;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When each of some streaming processors passed an event position: their in-memory token positions
 * ({@code processingStatus()}, moved once a batch committed) sampled every {@code sampleMillis} on a thread of its own.
 * A position's pass time is the first sample at or past it, so it is late by up to one sample interval.
 */
final class ProcessorPassTimes implements AutoCloseable {

    private final Map<String, StreamingEventProcessor> processors = new LinkedHashMap<>();
    /** Per processor: {nanoTime, position} whenever the position changed. */
    private final Map<String, List<long[]>> samples = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean stop;

    ProcessorPassTimes(EventProcessingConfiguration processing, long sampleMillis, String... names) {
        for (String name : names) {
            processors.put(name, processing.eventProcessor(name, StreamingEventProcessor.class)
                    .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + name)));
            samples.put(name, new ArrayList<>());
        }
        sampler = new Thread(() -> {
            while (!stop) {
                long now = System.nanoTime();
                processors.forEach((name, processor) -> {
                    OptionalLong position = lowest(processor.processingStatus());
                    if (position.isEmpty()) return;
                    List<long[]> series = samples.get(name);
                    synchronized (series) {
                        if (series.isEmpty() || series.get(series.size() - 1)[1] != position.getAsLong()) {
                            series.add(new long[]{now, position.getAsLong()});
                        }
                    }
                });
                try {
                    Thread.sleep(sampleMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "processor-pass-times");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The nanoTime of the first sample in which {@code processor} stood at or past {@code position}; -1 if none. */
    long passedAt(String processor, long position) {
        List<long[]> series = samples.get(processor);
        synchronized (series) {
            for (long[] sample : series) {
                if (sample[1] >= position) return sample[0];
            }
        }
        return -1;
    }

    private static OptionalLong lowest(Map<Integer, EventTrackerStatus> status) {
        OptionalLong lowest = OptionalLong.empty();
        for (EventTrackerStatus segment : status.values()) {
            OptionalLong current = segment.getCurrentPosition();
            if (current.isEmpty()) return OptionalLong.empty();
            if (lowest.isEmpty() || current.getAsLong() < lowest.getAsLong()) lowest = current;
        }
        return lowest;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        sampler.interrupt();
        sampler.join(2000);
    }
}
