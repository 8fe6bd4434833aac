package io.fleetloop.command.diagnosis;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resumable SHA-256 against the JDK's digest on generated inputs: any length, any way of cutting the input into
 * updates (offsets inside a larger array included), and a state saved at any 64-byte boundary, restored and continued.
 */
class ResumableSha256PropertyTest {

    @Property(tries = 400)
    void anyInputCutAnyWayHashesAsTheJdkDigest(@ForAll @IntRange(max = 20_000) int size, @ForAll long seed,
                                               @ForAll @Size(max = 12) List<@IntRange(max = 20_000) Integer> cuts,
                                               @ForAll @IntRange(max = 70) int lead) throws Exception {
        byte[] data = random(seed, size);
        // the input sits inside a larger array, so updates read from offsets that are not 0 or block-aligned
        byte[] holder = new byte[lead + size + 5];
        System.arraycopy(data, 0, holder, lead, size);
        ResumableSha256 sha = new ResumableSha256();
        int at = 0;
        for (int cut : cuts.stream().map(c -> Math.min(c, size)).sorted().toList()) {
            sha.update(holder, lead + at, cut - at);
            at = cut;
        }
        sha.update(holder, lead + at, size - at);
        assertThat(sha.length()).isEqualTo(size);
        assertThat(sha.hex()).isEqualTo(jdk(data));
    }

    @Property(tries = 300)
    void aStateSavedAtAnyBlockBoundaryAndRestoredGivesTheSameDigest(@ForAll @IntRange(max = 300) int blocksBefore,
                                                                   @ForAll @IntRange(max = 5_000) int after, @ForAll long seed,
                                                                   @ForAll @IntRange(min = 1, max = 700) int chunk) throws Exception {
        byte[] data = random(seed, blocksBefore * 64 + after);
        ResumableSha256 first = new ResumableSha256();
        for (int i = 0; i < blocksBefore * 64; i += chunk) first.update(data, i, Math.min(chunk, blocksBefore * 64 - i));
        String state = first.state();

        ResumableSha256 resumed = ResumableSha256.restore(state);
        assertThat(resumed.length()).isEqualTo(blocksBefore * 64L);
        assertThat(resumed.state()).isEqualTo(state);
        resumed.update(data, blocksBefore * 64, after);
        assertThat(resumed.hex()).isEqualTo(jdk(data));

        // the digest that was saved goes on to the same result as well
        first.update(data, blocksBefore * 64, after);
        assertThat(first.hex()).isEqualTo(jdk(data));
    }

    @Property(tries = 20)
    void partsOfMegabytesSavedAfterEachPartMatchTheJdkDigest(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int parts,
                                                             @ForAll @IntRange(max = 100_000) int tail) throws Exception {
        int part = 1 << 20;
        byte[] data = random(seed, parts * part + tail);
        String state = new ResumableSha256().state();
        for (int p = 0; p < parts; p++) { // as an upload does: restore, one part, save
            ResumableSha256 sha = ResumableSha256.restore(state);
            sha.update(data, p * part, part);
            state = sha.state();
        }
        ResumableSha256 last = ResumableSha256.restore(state);
        last.update(data, parts * part, tail);
        assertThat(last.hex()).isEqualTo(jdk(data));
    }

    private static byte[] random(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String jdk(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
