package io.fleetloop.formats.align;

import java.util.List;
import java.util.Map;

public record AlignedWindow(long fromNanos, long toNanos, double rateHz, List<String> channels,
                            Map<String, Interpolation> policies, List<AlignedFrame> frames, List<SourceReport> sources) {
}
