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
     * Sends up to {@link #IN_FLIGHT} commands at once (each in its own unit of work), group after group, so an event
     * carrying thousands of assets stays within its handler's timeout. The first failure other than "created already"
     * is thrown once its group has ended; a retry of the event creates the rest.
     */
    public void createAll(List<? extends CommandMessage<?>> commands) {
        for (int from = 0; from < commands.size(); from += IN_FLIGHT) {
            List<CompletableFuture<Void>> group = new ArrayList<>();
            for (CommandMessage<?> command : commands.subList(from, Math.min(commands.size(), from + IN_FLIGHT))) {
                group.add(CompletableFuture.runAsync(() -> this.commands.sendAndWait(command), THREADS));
            }
            RuntimeException failure = null;
            for (CompletableFuture<Void> sent : group) {
                try {
                    sent.join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (CommandRefusals.isDuplicateAggregate(cause)) continue;
                    if (failure == null) failure = cause instanceof RuntimeException runtime ? runtime : e;
                }
            }
            if (failure != null) throw failure;
        }
    }
}
