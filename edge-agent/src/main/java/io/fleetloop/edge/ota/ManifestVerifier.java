package io.fleetloop.edge.ota;

import io.fleetloop.ddi.json.model.DdiChunk;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.json.model.DdiMetadata;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Locale;

/**
 * Decides whether this device accepts an update: the Ed25519 signature over the exact manifest bytes verifies with
 * the provisioned key, the manifest is for this controllerId and deviceType, its releaseCounter is newer than the
 * installed one, and the downloaded artifact has the manifest's size and sha256.
 */
public final class ManifestVerifier {

    public static final String MANIFEST_KEY = DdiMetadata.FLEETLOOP_MANIFEST;
    public static final String SIGNATURE_KEY = DdiMetadata.FLEETLOOP_SIGNATURE;

    private final PublicKey publicKey;
    private final String controllerId;
    private final String deviceType;

    public ManifestVerifier(PublicKey publicKey, String controllerId, String deviceType) {
        this.publicKey = publicKey;
        this.controllerId = controllerId;
        this.deviceType = deviceType;
    }

    /** Checks signature and addressee of the chunk's manifest, before any byte of the artifact is downloaded. */
    public Manifest verifySigned(DdiChunk chunk) throws UpdateRefusedException {
        String manifestB64 = chunk.metadata(MANIFEST_KEY).orElse(null);
        String signatureB64 = chunk.metadata(SIGNATURE_KEY).orElse(null);
        if (manifestB64 == null || signatureB64 == null) {
            throw new UpdateRefusedException(Refusal.UNSIGNED, "chunk '" + chunk.name() + "' has no "
                    + (manifestB64 == null ? MANIFEST_KEY : SIGNATURE_KEY) + " metadata");
        }
        byte[] manifestBytes;
        byte[] signature;
        try {
            manifestBytes = Base64.getDecoder().decode(manifestB64.trim());
            signature = Base64.getDecoder().decode(signatureB64.trim());
        } catch (IllegalArgumentException e) {
            throw new UpdateRefusedException(Refusal.BAD_SIGNATURE, "manifest or signature is not base64");
        }
        if (!signatureVerifies(manifestBytes, signature)) {
            throw new UpdateRefusedException(Refusal.BAD_SIGNATURE, "the Ed25519 signature does not verify with the provisioned key");
        }
        Manifest manifest;
        try {
            manifest = DdiJson.MAPPER.readValue(manifestBytes, Manifest.class);
        } catch (IOException e) {
            throw new UpdateRefusedException(Refusal.MALFORMED_MANIFEST, "signed bytes are not manifest JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!Manifest.SCHEMA.equals(manifest.schema())) {
            throw new UpdateRefusedException(Refusal.MALFORMED_MANIFEST, "schema '" + manifest.schema() + "', expected " + Manifest.SCHEMA);
        }
        if (manifest.artifact() == null || manifest.artifact().filename() == null || manifest.artifact().sha256() == null
                || !safeFilename(manifest.artifact().filename())) {
            throw new UpdateRefusedException(Refusal.MALFORMED_MANIFEST, "no usable artifact (filename, size, sha256)");
        }
        if (!controllerId.equals(manifest.controllerId())) {
            throw new UpdateRefusedException(Refusal.WRONG_DEVICE, "manifest is for controllerId '" + manifest.controllerId()
                    + "', this device is '" + controllerId + "'");
        }
        if (deviceType != null && !deviceType.equalsIgnoreCase(String.valueOf(manifest.deviceType()))) {
            throw new UpdateRefusedException(Refusal.WRONG_DEVICE, "manifest is for deviceType " + manifest.deviceType()
                    + ", this device is " + deviceType);
        }
        return manifest;
    }

    /** Anti-rollback: only a strictly newer releaseCounter is accepted (a rollback is re-released with a newer one). */
    public void verifyNewer(Manifest manifest, long installedCounter) throws UpdateRefusedException {
        if (manifest.releaseCounter() <= installedCounter) {
            throw new UpdateRefusedException(Refusal.DOWNGRADE, "releaseCounter " + manifest.releaseCounter()
                    + " ≤ installed " + installedCounter + " (version " + manifest.versionId() + ")");
        }
    }

    public void verifyArtifact(Manifest manifest, long size, String sha256Hex) throws UpdateRefusedException {
        Manifest.ArtifactRef expected = manifest.artifact();
        if (size != expected.size()) {
            throw new UpdateRefusedException(Refusal.TAMPERED_ARTIFACT, expected.filename() + " has " + size
                    + " bytes, the manifest says " + expected.size());
        }
        if (!expected.sha256().toLowerCase(Locale.ROOT).equals(sha256Hex.toLowerCase(Locale.ROOT))) {
            throw new UpdateRefusedException(Refusal.TAMPERED_ARTIFACT, expected.filename() + " has sha256 " + sha256Hex
                    + ", the manifest says " + expected.sha256());
        }
    }

    private boolean signatureVerifies(byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;   // a malformed signature is a bad signature
        }
    }

    private static boolean safeFilename(String filename) {
        return !filename.isBlank() && !filename.contains("/") && !filename.contains("\\") && !filename.equals("..")
                && !filename.equals(".");
    }
}
