package io.fleetloop.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;

/**
 * The embedded default's token signing key: an RSA key generated on first start and kept, private part
 * included, in {@code <data-dir>/security/jwt-signing-key.json} (owner-only permissions). Tokens stay valid
 * across restarts because the key does.
 */
public final class SigningKey {

    static final String FILE = "security/jwt-signing-key.json";

    private final RSAKey key;

    private SigningKey(RSAKey key) {
        this.key = key;
    }

    public static SigningKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                RSAKey generated = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
                        .keyID("fleetloop-" + Instant.now().getEpochSecond()).generate();
                Path temp = Files.createTempFile(file.getParent(), "key", ".tmp");
                restrict(temp);
                Files.writeString(temp, generated.toJSONString(), StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(temp);
                }
            }
            return new SigningKey(RSAKey.parse(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing key " + file, e);
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("the signing key " + file + " is unreadable; move it away to generate a new one", e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data folder's ACL applies.
        }
    }

    RSAKey rsaKey() {
        return key;
    }

    /** The public half as a JWK set, for anyone who verifies Fleetloop tokens. */
    public JWKSet publicJwkSet() {
        return new JWKSet(key.toPublicJWK());
    }
}
