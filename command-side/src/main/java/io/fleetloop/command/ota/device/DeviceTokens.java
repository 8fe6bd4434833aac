package io.fleetloop.command.ota.device;

import io.fleetloop.api.common.FleetloopException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Device security tokens: chosen by the registrant or generated here; only their sha256 is ever stored. */
public final class DeviceTokens {

    /** Printable ASCII without spaces: the token travels in an {@code Authorization: TargetToken <token>} header. */
    private static final Pattern CHOSEN = Pattern.compile("[\\x21-\\x7E]{16,256}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String requireValid(String chosen, String field) {
        if (!CHOSEN.matcher(chosen).matches()) throw FleetloopException.invalid(field, "16-256 printable characters without spaces");
        return chosen;
    }

    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
