package io.fleetloop.formats.align;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import java.io.Closeable;
import java.util.Iterator;
import java.util.List;

/** One source's samples in time order, with the problems met so far. */
public interface SampleStream extends Iterator<Sample>, Closeable {
    String sourceName();

    List<SourceError> errors();
}
