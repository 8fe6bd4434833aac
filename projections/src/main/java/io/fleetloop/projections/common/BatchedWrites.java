package io.fleetloop.projections.common;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a projection collects while its processor handles a batch of events and sends at once, just before the
 * batch commits (in the root unit of work's prepare-commit, so still inside the transaction that moves the token):
 * one JDBC batch or one Elasticsearch bulk request per batch instead of one round trip per event. A write that
 * depends on an earlier one of the same batch first {@link #flush flushes} what is pending. Outside a unit of work
 * (a direct call) every write is sent at once.
 *
 * @param <W> one pending write
 */
public final class BatchedWrites<W> {

    private final String key;
    private final Consumer<List<W>> send;
    private final Consumer<List<W>> sendLast;
    private final Runnable atCommit;

    public BatchedWrites(String key, Consumer<List<W>> send) {
        this(key, send, () -> { });
    }

    /** {@code atCommit} runs after the last send of a batch that wrote anything (the search index's refresh). */
    public BatchedWrites(String key, Consumer<List<W>> send, Runnable atCommit) {
        this(key, send, writes -> {
            send.accept(writes);
            atCommit.run();
        }, atCommit);
    }

    /**
     * As {@link #BatchedWrites(String, Consumer, Runnable)}, but the batch's last send is {@code sendLast}, which does what
     * {@code atCommit} does as well (a bulk request that refreshes the index: one round trip instead of two); {@code atCommit}
     * then runs at commit only when nothing was left to send (everything was {@link #flush flushed} before).
     */
    public BatchedWrites(String key, Consumer<List<W>> send, Consumer<List<W>> sendLast, Runnable atCommit) {
        this.key = BatchedWrites.class.getName() + "." + key;
        this.send = send;
        this.sendLast = sendLast;
        this.atCommit = atCommit;
    }

    public void add(W write) {
        if (!CurrentUnitOfWork.isStarted()) {
            sendLast.accept(List.of(write));
            return;
        }
        pending(CurrentUnitOfWork.get().root()).add(write);
    }

    /**
     * Sends what this batch has collected so far, before a write that must see it and that the caller makes itself;
     * {@code atCommit} still runs at the batch's commit (outside a unit of work this does nothing).
     */
    public void flush() {
        if (!CurrentUnitOfWork.isStarted()) return;
        List<W> pending = pending(CurrentUnitOfWork.get().root());
        if (pending.isEmpty()) return;
        List<W> writes = List.copyOf(pending);
        pending.clear();
        send.accept(writes);
    }

    private List<W> pending(UnitOfWork<?> root) {
        return root.getOrComputeResource(key, k -> {
            List<W> writes = new ArrayList<>();
            root.onPrepareCommit(u -> {
                if (!writes.isEmpty()) {
                    List<W> batch = List.copyOf(writes);
                    writes.clear();
                    sendLast.accept(batch);
                } else {
                    atCommit.run();
                }
            });
            return writes;
        });
    }
}
