package io.fleetloop.api.diagnosis;

/** One uploaded file of a batch: the client's file id, its name and kind, its verified size and sha256, and where it is stored. */
public record BatchFile(String fileId, String fileName, LogFileKind kind, long sizeBytes, String sha256, String storagePath) {
}
