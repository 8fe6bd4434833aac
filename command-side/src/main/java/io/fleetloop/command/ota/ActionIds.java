package io.fleetloop.command.ota;

import java.util.List;

/**
 * Gives out DDI action ids: unique in the platform (so per tenant too), each in 1…2,147,483,647 because hawkBit device
 * clients (SWUpdate's suricatta, RAUC's hawkbit-updater, Zephyr) keep them in a C {@code int}. Injected into the
 * release's command handlers, which put the ids into their events: a replay reproduces them.
 */
public interface ActionIds {

    /** {@code count} fresh ids, in the order they are to be used. */
    List<Integer> next(int count);
}
