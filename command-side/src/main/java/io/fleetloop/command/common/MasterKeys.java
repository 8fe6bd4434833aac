package io.fleetloop.command.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The master keys that wrap the data keys of secrets at rest, by id; one is active (wraps new and re-wrapped records),
 * the others only unwrap until every record has been re-wrapped. From configuration
 * ({@code fleetloop.encryption.master-key} + {@code master-key-id}, older ones under {@code previous-keys.<id>}), else
 * from the key file {@code <data-dir>/security/master-keys} (lines {@code <id> <base64 of 32 bytes>}, the last line
 * active), generated with one key on first start (owner-only permissions).
 */
public final class MasterKeys {

    public static final String FILE = "security/master-keys";

    private final Map<String, byte[]> keys;
    private final String activeId;

    public MasterKeys(Map<String, byte[]> keys, String activeId) {
        keys.forEach((id, key) -> {
            if (key.length != 32) throw new IllegalStateException("master key '" + id + "' must be 32 bytes (base64 of 32 random bytes)");
        });
        if (!keys.containsKey(activeId)) throw new IllegalStateException("no master key with the active id '" + activeId + "'");
        this.keys = Map.copyOf(keys);
        this.activeId = activeId;
    }

    public static MasterKeys of(String configuredKey, String configuredId, Map<String, String> previous, Path dataDir) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            Map<String, byte[]> keys = new LinkedHashMap<>();
            if (previous != null) previous.forEach((id, key) -> keys.put(id, Base64.getDecoder().decode(key.strip())));
            String id = configuredId == null || configuredId.isBlank() ? "configured" : configuredId;
            keys.put(id, Base64.getDecoder().decode(configuredKey.strip()));
            return new MasterKeys(keys, id);
        }
        return fromFile(dataDir.resolve(FILE));
    }

    static MasterKeys fromFile(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            Map<String, byte[]> keys = new LinkedHashMap<>();
            String active = null;
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length != 2 || parts[0].startsWith("#")) continue;
                keys.put(parts[0], Base64.getDecoder().decode(parts[1]));
                active = parts[0];
            }
            if (active == null) throw new IllegalStateException("the master key file " + file + " holds no key");
            return new MasterKeys(keys, active);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path temp = Files.createTempFile(file.getParent(), "master-keys", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data folder's ACL applies.
        }
        Files.writeString(temp, "k1 " + Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.move(temp, file);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(temp);
        }
    }

    public String activeId() {
        return activeId;
    }

    byte[] key(String id) {
        byte[] key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("no master key '" + id + "' is configured; it is needed until its records are re-wrapped");
        }
        return key;
    }
}
