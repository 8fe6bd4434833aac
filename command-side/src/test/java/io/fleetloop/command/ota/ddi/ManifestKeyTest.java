package io.fleetloop.command.ota.ddi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The manifest signer against the JDK's own Ed25519, an independent implementation: devices verify with whatever their
 * platform has, so every signature must be standard Ed25519 over the exact bytes.
 */
class ManifestKeyTest {

    @TempDir
    Path dir;

    @Test
    void signaturesAreTheJdksAndVerifyWithTheProvisionedPublicKey() throws Exception {
        ManifestKey key = new ManifestKey(properties(null, null), dir.toString());
        KeyFactory keys = KeyFactory.getInstance("Ed25519");
        var privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(der(dir.resolve(ManifestKey.PRIVATE_FILE))));
        var publicKey = keys.generatePublic(new X509EncodedKeySpec(der(dir.resolve(ManifestKey.PUBLIC_FILE))));
        Random random = new Random(7);
        for (int size : new int[]{0, 1, 64, 437, 4096}) {
            byte[] manifest = new byte[size];
            random.nextBytes(manifest);
            byte[] signed = key.sign(manifest);

            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initSign(privateKey);
            jdk.update(manifest);
            assertThat(signed).as("deterministic Ed25519, %d bytes", size).isEqualTo(jdk.sign());

            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(manifest);
            assertThat(verifier.verify(signed)).isTrue();
            assertThat(key.verify(manifest, signed)).isTrue();
            if (size > 0) {
                manifest[size / 2] ^= 1;
                assertThat(key.verify(manifest, signed)).as("one bit changed").isFalse();
            }
        }
        assertThat(key.publicKeyPem()).isEqualTo(Files.readString(dir.resolve(ManifestKey.PUBLIC_FILE)));
    }

    @Test
    void keepsTheGeneratedPairAcrossRestarts() {
        byte[] manifest = "{\"schema\":\"fleetloop.ota.manifest/v1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] first = new ManifestKey(properties(null, null), dir.toString()).sign(manifest);
        ManifestKey restarted = new ManifestKey(properties(null, null), dir.toString());
        assertThat(restarted.sign(manifest)).isEqualTo(first);
        assertThat(restarted.verify(manifest, first)).isTrue();
    }

    @Test
    void refusesKeyFilesThatAreNotOnePair() throws Exception {
        Path privateFile = dir.resolve("a.pem");
        Path publicFile = dir.resolve("b.pub.pem");
        KeyPair a = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair b = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(privateFile, ManifestKey.pem("PRIVATE KEY", a.getPrivate().getEncoded()));
        Files.writeString(publicFile, ManifestKey.pem("PUBLIC KEY", b.getPublic().getEncoded()));
        assertThatThrownBy(() -> new ManifestKey(properties(privateFile, publicFile), dir.toString()))
                .hasMessageContaining("are not a pair");

        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Files.writeString(privateFile, ManifestKey.pem("PRIVATE KEY", rsa.getPrivate().getEncoded()));
        Files.writeString(publicFile, ManifestKey.pem("PUBLIC KEY", rsa.getPublic().getEncoded()));
        assertThatThrownBy(() -> new ManifestKey(properties(privateFile, publicFile), dir.toString()))
                .hasMessageContaining("not an Ed25519 PEM key");
    }

    private static OtaProperties properties(Path privateFile, Path publicFile) {
        return new OtaProperties(Map.of(), null, null, Map.of(), privateFile == null ? null : privateFile.toString(),
                publicFile == null ? null : publicFile.toString(), Map.of());
    }

    private static byte[] der(Path pem) throws Exception {
        return Base64.getMimeDecoder().decode(Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").trim());
    }
}
