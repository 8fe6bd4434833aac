package io.fleetloop.formats.align;

import java.util.List;
import java.util.Map;

/** A bounded aligned window {@code [fromNanos, toNanos)} at {@code rateHz}, with the policy used per channel. */
public record AlignedWindow(long fromNanos, long toNanos, double rateHz, List<String> channels,
                            Map<String, Interpolation> policies, List<AlignedFrame> frames, List<SourceReport> sources) {
}
