package io.fleetloop.platform.axon;

import java.util.Set;

/** The processing groups that are projections: they park failing events as dead letters and may be reset. */
public record ProjectionGroups(Set<String> names) {

    public boolean contains(String group) {
        return names.contains(group);
    }
}
