package io.fleetloop.edge.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;

/**
 * What a training run would hand over, simulated: a one-line JSON header (version, the dataset ids it was trained on)
 * followed by 64 KiB of seeded "weights". Only its bytes matter to OTA (hashed, signed, installed).
 */
final class ModelPackage {

    static final int WEIGHTS = 64 * 1024;

    private ModelPackage() {
    }

    static byte[] build(String version, List<String> datasetIds, Random random) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String header = PlatformCalls.JSON.writeValueAsString(java.util.Map.of("format", "fleetloop-model/1", "version", version,
                    "trainedOn", datasetIds)) + "\n";
            out.write(header.getBytes(StandardCharsets.UTF_8));
            byte[] weights = new byte[WEIGHTS];
            random.nextBytes(weights);
            out.write(weights);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
