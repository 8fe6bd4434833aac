package io.fleetloop.sagas.common;

import io.fleetloop.refusals.CommandRefusals;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a creation command from an event handler in a unit of work and transaction of its own (on a helper thread),
 * and reads the event store's refusal of an aggregate that exists already as "done". Nested in the handler's unit of
 * work, the command's event would be appended only at the processor's commit, where such a refusal would fail the
 * whole batch again and again. The caller creates the command message on its own thread, so it carries the handled
 * event's correlation data (operator, tenant) all the same. Used by every process that registers catalog assets, and by
 * scene mining's apply step for its per-asset updates (not creations: there only the own unit of work matters).
 */
@Component
public class OwnUnitOfWork {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "own-unit-of-work-command");
        thread.setDaemon(true);
        return thread;
    });

    private final CommandGateway commands;

    public OwnUnitOfWork(CommandGateway commands) {
        this.commands = commands;
    }

    /** Registrations in flight at once for one call of {@link #createAll}. */
    static final int IN_FLIGHT = 8;

    /** Sends and waits; an aggregate created already is not an error. */
    public void create(CommandMessage<?> command) {
        createAll(List.of(command));
    }

    /**
     * Keeps up to {@link #IN_FLIGHT} commands in flight (each in its own unit of work), starting the next as soon as one
     * ends rather than group after group (a group waited for its slowest command), so an event carrying thousands of
     * assets stays within its handler's timeout. After the first failure other than "created already" no further
     * command is started; it is thrown once those in flight have ended, and a retry of the event creates the rest.
     */
    public void createAll(List<? extends CommandMessage<?>> commands) {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (CommandMessage<?> command : commands) {
            slots.acquireUninterruptibly();
            if (failure.get() != null) {
                slots.release();
                break;
            }
            sent.add(CompletableFuture.runAsync(() -> {
                try {
                    this.commands.sendAndWait(command);
                } catch (RuntimeException e) {
                    if (!CommandRefusals.isDuplicateAggregate(e)) failure.compareAndSet(null, e);
                } finally {
                    slots.release();
                }
            }, THREADS));
            sent.removeIf(CompletableFuture::isDone);
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            failure.compareAndSet(null, e);
        }
        if (failure.get() != null) throw failure.get();
    }
}
