package io.fleetloop.query.governance.masking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskingHashKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void aConfiguredKeyIsUsedAndNoFileIsWritten() {
        byte[] key = MaskingHashKey.resolve("0123456789abcdef-configured", dataDir);

        assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("0123456789abcdef-configured");
        assertThat(dataDir.resolve(MaskingHashKey.FILE)).doesNotExist();
    }

    @Test
    void aShortConfiguredKeyIsRefused() {
        assertThatThrownBy(() -> MaskingHashKey.resolve("short", dataDir)).hasMessageContaining("at least 16");
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceAndKept() {
        byte[] first = MaskingHashKey.resolve(null, dataDir);
        byte[] second = MaskingHashKey.resolve(" ", dataDir);

        assertThat(dataDir.resolve("security/masking-hash.key")).exists();
        assertThat(first).hasSize(32).isEqualTo(second);
    }

    @Test
    void theGeneratedKeyFileIsReadableByItsOwnerOnly() throws Exception {
        MaskingHashKey.resolve(null, dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(MaskingHashKey.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void anUnreadableKeyFileStopsTheStartRatherThanChangingEveryHash() throws Exception {
        Files.createDirectories(dataDir.resolve("security"));
        Files.writeString(dataDir.resolve(MaskingHashKey.FILE), "not base64 !!");

        assertThatThrownBy(() -> MaskingHashKey.resolve(null, dataDir)).hasMessageContaining("unreadable");
    }
}
