package io.fleetloop.sagas.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What leaves the platform on Kafka carries no personal data in the clear: in every integration event's {@code data},
 * at any depth, identifiers (VIN, plate) are pseudonymised with a keyed hash and positions truncated to about 1 km.
 * The hash is the one masking's HASH strategy gives ({@code h:} + 16 hex digits of HMAC-SHA256 with the installation's
 * masking key, {@code fleetloop.masking.hash-key} or {@code <data-dir>/security/masking-hash.key}), so a consumer can
 * join events with masked API responses but cannot reverse them without the key. Keys are matched like masking's:
 * case-insensitive, ignoring {@code _} and {@code -}, a dotted key by its last segment.
 */
final class IntegrationPrivacy {

    static final Set<String> IDENTIFIERS = Set.of("vin", "vehicleidentificationnumber", "plate", "platenumber", "licenseplate");
    static final Set<String> POSITIONS = Set.of("latitude", "longitude", "lat", "lon", "lng");
    private static final String KEY_FILE = "security/masking-hash.key";
    private static final int MIN_KEY_LENGTH = 16;

    private final SecretKeySpec key;

    IntegrationPrivacy(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    static IntegrationPrivacy of(String configuredKey, Path dataDir) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            if (configuredKey.length() < MIN_KEY_LENGTH) {
                throw new IllegalStateException("fleetloop.masking.hash-key must be at least " + MIN_KEY_LENGTH + " characters");
            }
            return new IntegrationPrivacy(configuredKey.getBytes(StandardCharsets.UTF_8));
        }
        return new IntegrationPrivacy(loadOrCreate(dataDir.resolve(KEY_FILE)));
    }

    /** Protects the personal values inside {@code data}, in place. */
    void protect(JsonNode data) {
        if (data instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                String normalized = normalize(name);
                if (IDENTIFIERS.contains(normalized) && value.isValueNode() && !value.isNull()) {
                    object.set(name, TextNode.valueOf(hash(value.asText())));
                } else if (POSITIONS.contains(normalized) && value.isValueNode() && !value.isNull()) {
                    object.set(name, truncate(value));
                } else {
                    protect(value);
                }
            }
        } else if (data instanceof ArrayNode array) {
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) protect(it.next());
        }
    }

    String hash(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "h:" + HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static JsonNode truncate(JsonNode value) {
        try {
            BigDecimal number = new BigDecimal(value.asText().strip()).setScale(2, RoundingMode.FLOOR);
            return value.isNumber() ? com.fasterxml.jackson.databind.node.DecimalNode.valueOf(number) : TextNode.valueOf(number.toPlainString());
        } catch (NumberFormatException notANumber) {
            return TextNode.valueOf("");
        }
    }

    static String normalize(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return last.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** The same key file the query side's masking uses (written atomically, whichever side comes first). */
    private static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] generated = new byte[32];
                new SecureRandom().nextBytes(generated);
                Path temp = Files.createTempFile(file.getParent(), "masking", ".tmp");
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the data folder's ACL applies.
                }
                Files.writeString(temp, Base64.getEncoder().encodeToString(generated) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(temp);
                }
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the masking hash key " + file, e);
        }
    }
}
