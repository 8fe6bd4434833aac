package io.fleetloop.api.orchestration;

/** How a device compresses a clip: {@code codec} (zstd), {@code level}, a trained {@code dictionary} (asset id, or null) and the ratio aimed at. */
public record CompressionRule(String codec, Integer level, String dictionary, Double targetRatio) {
}
