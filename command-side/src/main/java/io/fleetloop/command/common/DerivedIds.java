package io.fleetloop.command.common;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived from what they name (a name-based UUID): the same name always gives the same id, which makes
 * creations keyed by them idempotent (a replay or a retry creates nothing twice).
 */
public final class DerivedIds {

    private DerivedIds() {
    }

    public static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
