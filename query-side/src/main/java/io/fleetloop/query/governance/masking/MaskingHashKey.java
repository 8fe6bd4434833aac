package io.fleetloop.query.governance.masking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The installation's HMAC key for HASH rules: {@code fleetloop.masking.hash-key} when set, else 32 random bytes
 * generated on first start and kept in {@code <data-dir>/security/masking-hash.key} (owner-only permissions).
 * Hashes stay equal across restarts, and across installations only if they share the key.
 */
final class MaskingHashKey {

    static final String FILE = "security/masking-hash.key";
    static final int MIN_CONFIGURED_LENGTH = 16;

    private MaskingHashKey() {
    }

    static byte[] resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < MIN_CONFIGURED_LENGTH) {
                throw new IllegalStateException("fleetloop.masking.hash-key must be at least " + MIN_CONFIGURED_LENGTH
                        + " characters (a short key makes hashed values guessable)");
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        return loadOrCreate(dataDir.resolve(FILE));
    }

    static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path temp = Files.createTempFile(file.getParent(), "masking", ".tmp");
                restrict(temp);
                Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(temp);
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
            if (key.length < MIN_CONFIGURED_LENGTH) throw new IllegalArgumentException("too short");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the masking hash key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the masking hash key " + file + " is unreadable (" + e.getMessage()
                    + "); restore it, or move it away to generate a new one (hashed values then change)", e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data folder's ACL applies.
        }
    }
}
