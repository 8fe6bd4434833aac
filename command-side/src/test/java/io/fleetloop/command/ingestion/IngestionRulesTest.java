package io.fleetloop.command.ingestion;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestionRulesTest {

    @Test
    void aTargetPathIsRelativeWithoutTraversalBackslashesEmptySegmentsOrNul() {
        for (String unsafe : List.of("/etc/passwd", "//etc", "/", "", " ", "a//b", "..", "../x", "x/../y", "x/..", "./x", "x/./y", "x/.",
                "a\\b", "C:\\Windows", "a\u0000b", "a b")) {
            assertThat(IngestionRules.isSafeRelativePath(unsafe)).as("'%s'", unsafe).isFalse();
        }
        assertThat(IngestionRules.isSafeRelativePath(null)).isFalse();
    }

    @Test
    void ordinaryRelativePathsAreAccepted() {
        for (String safe : List.of("landing", "landing/drive-001", "landing/drive-001/", "year=2026/v1.2_x")) {
            assertThat(IngestionRules.isSafeRelativePath(safe)).as(safe).isTrue();
        }
    }
}
