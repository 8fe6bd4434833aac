package io.fleetloop.api.ota;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The numeric ids devices see over DDI (hawkBit clients expect decimal action and software module ids), derived from
 * what they name so that every replica and every replay gives the same id: 53 bits of a sha256, safe in JSON numbers.
 */
public final class OtaIds {

    private OtaIds() {
    }

    public static long actionId(ReleaseTaskId taskId, String deviceId, ActionKind kind) {
        return derive("action/" + taskId.value() + "/" + deviceId + "/" + kind);
    }

    public static long moduleId(String tenantId, String artifactUri) {
        return derive("module/" + tenantId + "/" + artifactUri);
    }

    private static long derive(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) value = (value << 8) | (hash[i] & 0xff);
            long id = value & 0x1F_FFFF_FFFF_FFFFL;
            return id == 0 ? 1 : id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
