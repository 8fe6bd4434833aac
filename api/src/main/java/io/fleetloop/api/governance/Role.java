package io.fleetloop.api.governance;

import java.util.Collection;
import java.util.Optional;

/**
 * The personas of the seeds. {@link #level()} orders them by how much personal data they may see in the clear:
 * a masking rule names the lowest level that reads a field unmasked.
 */
public enum Role {
    PLATFORM_ADMIN(100),
    AUDITOR(90),
    OTA_OPERATOR(60),
    DATA_ENGINEER(50),
    ALGORITHM_ENGINEER(40),
    SIMULATION_ENGINEER(40),
    ANNOTATION_MANAGER(30),
    QC_REVIEWER(20);

    private final int level;

    Role(int level) {
        this.level = level;
    }

    public int level() {
        return level;
    }

    public static Optional<Role> parse(String name) {
        if (name == null) return Optional.empty();
        String normalized = name.trim().toUpperCase().replace('-', '_');
        if (normalized.startsWith("ROLE_")) normalized = normalized.substring(5);
        for (Role role : values()) {
            if (role.name().equals(normalized)) return Optional.of(role);
        }
        return Optional.empty();
    }

    /** The highest level among the given role names; 0 when none is a known role. */
    public static int levelOf(Collection<String> roleNames) {
        return roleNames.stream().map(Role::parse).flatMap(Optional::stream).mapToInt(Role::level).max().orElse(0);
    }
}
