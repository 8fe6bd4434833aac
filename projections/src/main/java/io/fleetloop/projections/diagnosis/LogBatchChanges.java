package io.fleetloop.projections.diagnosis;

/** Told (after the commit) when a batch's read model changed, so caches of it (the report cache) can drop it. */
public interface LogBatchChanges {
    void changed(String batchId);
}
