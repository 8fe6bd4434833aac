package io.fleetloop.formats.align;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Aligned frames produced lazily; reports and policies cover what was read so far. */
public interface AlignedStream extends Iterator<AlignedFrame>, Closeable {
    List<SourceReport> reports();

    Map<String, Interpolation> policies();
}
