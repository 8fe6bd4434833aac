package io.fleetloop.command.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeEncryptionTest {

    private static final byte[] SECRET = "{\"secretKey\":\"fleetloop-secret\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedRecordHoldsNoPlaintextAndOpensOnlyInItsOwnContext() {
        EnvelopeEncryption encryption = new EnvelopeEncryption(keys(Map.of("k1", key())));

        EnvelopeEncryption.Sealed sealed = encryption.seal(SECRET, "acme/raw-keys");

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("fleetloop-secret");
        assertThat(encryption.open(sealed, "acme/raw-keys")).isEqualTo(SECRET);
        assertThat(encryption.seal(SECRET, "acme/raw-keys").ciphertext()).as("fresh data key and nonce").isNotEqualTo(sealed.ciphertext());
        assertThatThrownBy(() -> encryption.open(sealed, "globex/raw-keys")).hasMessageContaining("cannot decrypt");
    }

    @Test
    void rotationRewrapsTheDataKeyUnderTheNewMasterKeyAndTheOldKeyCanThenGo() {
        byte[] k1 = key();
        byte[] k2 = key();
        EnvelopeEncryption before = new EnvelopeEncryption(keys(Map.of("k1", k1)));
        EnvelopeEncryption.Sealed sealed = before.seal(SECRET, "acme/raw-keys");

        Map<String, byte[]> both = new LinkedHashMap<>();
        both.put("k1", k1);
        both.put("k2", k2);
        EnvelopeEncryption during = new EnvelopeEncryption(new MasterKeys(both, "k2"));
        EnvelopeEncryption.Sealed rewrapped = during.rewrap(sealed);

        assertThat(rewrapped.keyId()).isEqualTo("k2");
        assertThat(rewrapped.ciphertext()).isEqualTo(sealed.ciphertext());
        EnvelopeEncryption after = new EnvelopeEncryption(new MasterKeys(Map.of("k2", k2), "k2"));
        assertThat(after.open(rewrapped, "acme/raw-keys")).isEqualTo(SECRET);
        assertThatThrownBy(() -> after.open(sealed, "acme/raw-keys")).hasMessageContaining("no master key 'k1'");
    }

    @Test
    void theEmbeddedDefaultGeneratesOneKeyFileAndTheLastLineIsActive(@TempDir Path dataDir) throws Exception {
        MasterKeys generated = MasterKeys.of(null, null, Map.of(), dataDir);
        Path file = dataDir.resolve(MasterKeys.FILE);
        assertThat(generated.activeId()).isEqualTo("k1");
        EnvelopeEncryption.Sealed sealed = new EnvelopeEncryption(generated).seal(SECRET, "c");

        Files.writeString(file, "k2 " + Base64.getEncoder().encodeToString(key()) + "\n", java.nio.file.StandardOpenOption.APPEND);
        MasterKeys rotated = MasterKeys.of("", null, Map.of(), dataDir);

        assertThat(rotated.activeId()).isEqualTo("k2");
        assertThat(new EnvelopeEncryption(rotated).open(sealed, "c")).isEqualTo(SECRET);
    }

    @Test
    void aConfiguredKeyWinsAndPreviousKeysStillUnwrap(@TempDir Path dataDir) {
        byte[] old = key();
        EnvelopeEncryption.Sealed sealed = new EnvelopeEncryption(new MasterKeys(Map.of("2025", old), "2025")).seal(SECRET, "c");

        MasterKeys configured = MasterKeys.of(Base64.getEncoder().encodeToString(key()), "2026",
                Map.of("2025", Base64.getEncoder().encodeToString(old)), dataDir);

        assertThat(configured.activeId()).isEqualTo("2026");
        assertThat(new EnvelopeEncryption(configured).open(sealed, "c")).isEqualTo(SECRET);
        assertThat(dataDir.resolve(MasterKeys.FILE)).doesNotExist();
    }

    private static MasterKeys keys(Map<String, byte[]> keys) {
        return new MasterKeys(keys, keys.keySet().iterator().next());
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
