package io.fleetloop.command.ota.ddi;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 key that signs update manifests. Production names PEM files ({@code fleetloop.ota.signing-key-file},
 * PKCS#8, and {@code fleetloop.ota.signing-public-key-file}, X.509); the embedded default generates the pair once
 * into {@code <data-dir>/ota-signing-ed25519.pem} (owner-only) and {@code .pub.pem}, so devices provisioned with the
 * public key keep verifying across restarts.
 *
 * <p>The JDK reads and checks the PEM files; signing uses Bouncy Castle's Ed25519 (already on the classpath through the
 * object store client). Ed25519 signatures are deterministic, so both give the same bytes, but the JDK 17 provider
 * took 2–2.7 ms per signature against 0.14–0.2 ms (every {@code deploymentBase} signs one manifest per chunk: 3.5 % of
 * the machine's CPU in a 100,000-device rollout's profile).
 */
@Component
public class ManifestKey {

    static final String PRIVATE_FILE = "ota-signing-ed25519.pem";
    static final String PUBLIC_FILE = "ota-signing-ed25519.pub.pem";

    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters verifyKey;
    private final PublicKey publicKey;

    ManifestKey(OtaProperties properties, @Value("${fleetloop.data-dir:./.fleetloop}") String dataDir) {
        try {
            Path privateFile;
            Path publicFile;
            if (properties.signingKeyFile() != null && !properties.signingKeyFile().isBlank()) {
                privateFile = Path.of(properties.signingKeyFile());
                if (properties.signingPublicKeyFile() == null) throw new IllegalStateException("fleetloop.ota.signing-public-key-file is required with signing-key-file");
                publicFile = Path.of(properties.signingPublicKeyFile());
            } else {
                privateFile = Path.of(dataDir).resolve(PRIVATE_FILE);
                publicFile = Path.of(dataDir).resolve(PUBLIC_FILE);
                if (!Files.exists(privateFile)) generate(privateFile, publicFile);
            }
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            byte[] privateDer = der(Files.readString(privateFile));
            byte[] publicDer = der(Files.readString(publicFile));
            keys.generatePrivate(new PKCS8EncodedKeySpec(privateDer)); // only to refuse a key that is not Ed25519
            publicKey = keys.generatePublic(new X509EncodedKeySpec(publicDer));
            privateKey = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(privateDer);
            verifyKey = (Ed25519PublicKeyParameters) PublicKeyFactory.createKey(publicDer);
            byte[] probe = "fleetloop".getBytes(StandardCharsets.US_ASCII);
            if (!verify(probe, sign(probe))) throw new IllegalStateException("the OTA signing key files " + privateFile + " and " + publicFile + " are not a pair");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OTA signing key", e);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("the OTA signing key is not an Ed25519 PEM key", e);
        }
    }

    private static void generate(Path privateFile, Path publicFile) throws IOException, GeneralSecurityException {
        Files.createDirectories(privateFile.toAbsolutePath().getParent());
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path publicTemp = Files.createTempFile(privateFile.toAbsolutePath().getParent(), "ota", ".tmp");
        Files.writeString(publicTemp, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.move(publicTemp, publicFile, StandardCopyOption.REPLACE_EXISTING);
        Path privateTemp = Files.createTempFile(privateFile.toAbsolutePath().getParent(), "ota", ".tmp");
        try {
            Files.setPosixFilePermissions(privateTemp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(privateTemp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.move(privateTemp, privateFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(privateTemp);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
    }

    public byte[] sign(byte[] content) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(content, 0, content.length);
        return signer.generateSignature();
    }

    public boolean verify(byte[] content, byte[] signed) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, verifyKey);
        verifier.update(content, 0, content.length);
        return verifier.verifySignature(signed);
    }

    /** The public key for device provisioning, PEM (X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }
}
