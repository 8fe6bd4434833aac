package io.fleetloop.command.ota.ddi;

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
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 key that signs update manifests. Production names PEM files ({@code fleetloop.ota.signing-key-file},
 * PKCS#8, and {@code fleetloop.ota.signing-public-key-file}, X.509); the embedded default generates the pair once
 * into {@code <data-dir>/ota-signing-ed25519.pem} (owner-only) and {@code .pub.pem}, so devices provisioned with the
 * public key keep verifying across restarts.
 */
@Component
public class ManifestKey {

    static final String PRIVATE_FILE = "ota-signing-ed25519.pem";
    static final String PUBLIC_FILE = "ota-signing-ed25519.pub.pem";

    private final PrivateKey privateKey;
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
            privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(privateFile))));
            publicKey = keys.generatePublic(new X509EncodedKeySpec(der(Files.readString(publicFile))));
            byte[] probe = "fleetloop".getBytes(StandardCharsets.US_ASCII);
            if (!verify(probe, sign(probe))) throw new IllegalStateException("the OTA signing key files " + privateFile + " and " + publicFile + " are not a pair");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OTA signing key", e);
        } catch (GeneralSecurityException e) {
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
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(content);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(byte[] content, byte[] signed) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(publicKey);
            signature.update(content);
            return signature.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The public key for device provisioning, PEM (X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }
}
