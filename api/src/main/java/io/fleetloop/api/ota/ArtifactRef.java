package io.fleetloop.api.ota;

/** An artifact in the platform's object store as devices receive it: where it is, its size and its hashes (hawkBit sends sha1, md5 and sha256). */
public record ArtifactRef(String uri, long sizeBytes, String sha256, String sha1, String md5) {

    /** The file name devices see: the last segment of the object key. */
    public String filename() {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }
}
