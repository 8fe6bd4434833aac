package io.fleetloop.command.diagnosis;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ResumableSha256Test {

    @Test
    void matchesTheJdkDigestForAnyLengthAndChunking() throws Exception {
        Random random = new Random(7);
        for (int size : new int[]{0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 70_001}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            ResumableSha256 sha = new ResumableSha256();
            for (int i = 0; i < size; ) {
                int n = Math.min(size - i, 1 + random.nextInt(300));
                sha.update(data, i, n);
                i += n;
            }
            assertThat(sha.hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        }
    }

    @Test
    void aStateSavedAtABlockBoundaryResumesToTheSameDigest() throws Exception {
        byte[] data = new byte[64 * 100 + 17];
        new Random(3).nextBytes(data);
        ResumableSha256 first = new ResumableSha256();
        first.update(data, 0, 64 * 40);
        ResumableSha256 resumed = ResumableSha256.restore(first.state());
        assertThat(resumed.length()).isEqualTo(64 * 40);
        resumed.update(data, 64 * 40, data.length - 64 * 40);
        assertThat(resumed.hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    }
}
