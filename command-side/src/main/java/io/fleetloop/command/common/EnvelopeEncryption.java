package io.fleetloop.command.common;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Envelope encryption of secrets at rest: each record gets its own random AES-256 data key that encrypts the record
 * (AES-GCM, random 96-bit nonce, the record's identity as associated data so a ciphertext cannot be moved to another
 * row); the data key is stored wrapped (AES-GCM) by a master key, whose id is stored with it. Rotating the master key
 * re-wraps the data keys only ({@link #rewrap}); the records' ciphertexts stay as they are.
 */
public final class EnvelopeEncryption {

    /** What is stored: the master key's id, the wrapped data key, the ciphertext (each nonce || GCM output). */
    public record Sealed(String keyId, byte[] wrappedKey, byte[] ciphertext) {
    }

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final MasterKeys keys;
    private final SecureRandom random = new SecureRandom();

    public EnvelopeEncryption(MasterKeys keys) {
        this.keys = keys;
    }

    public String activeKeyId() {
        return keys.activeId();
    }

    public Sealed seal(byte[] plaintext, String context) {
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        try {
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, dataKey, null, plaintext, context);
            return new Sealed(keys.activeId(), wrap(dataKey, keys.activeId()), ciphertext);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public byte[] open(Sealed sealed, String context) {
        byte[] dataKey = gcm(Cipher.DECRYPT_MODE, keys.key(sealed.keyId()), sealed.wrappedKey(), null, "data-key:" + sealed.keyId());
        try {
            return gcm(Cipher.DECRYPT_MODE, dataKey, sealed.ciphertext(), null, context);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The same record with its data key wrapped by the active master key (no-op when it already is). */
    public Sealed rewrap(Sealed sealed) {
        if (sealed.keyId().equals(keys.activeId())) return sealed;
        byte[] dataKey = gcm(Cipher.DECRYPT_MODE, keys.key(sealed.keyId()), sealed.wrappedKey(), null, "data-key:" + sealed.keyId());
        try {
            return new Sealed(keys.activeId(), wrap(dataKey, keys.activeId()), sealed.ciphertext());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private byte[] wrap(byte[] dataKey, String keyId) {
        return gcm(Cipher.ENCRYPT_MODE, keys.key(keyId), null, dataKey, "data-key:" + keyId);
    }

    /** Encrypts {@code plaintext} (nonce prepended) or decrypts {@code sealed}, with {@code context} as associated data. */
    private byte[] gcm(int mode, byte[] key, byte[] sealed, byte[] plaintext, String context) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            if (mode == Cipher.ENCRYPT_MODE) {
                byte[] nonce = new byte[NONCE];
                random.nextBytes(nonce);
                cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
                byte[] body = cipher.doFinal(plaintext);
                byte[] out = Arrays.copyOf(nonce, NONCE + body.length);
                System.arraycopy(body, 0, out, NONCE, body.length);
                return out;
            }
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot " + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt")
                    + " a secret (wrong master key, or the record was altered)", e);
        }
    }
}
