package io.fleetloop.command.ota.ddi;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public key of the manifest signatures, for provisioning devices; public by nature, so unauthenticated. */
@RestController
class SigningKeyController {

    private final ManifestKey key;

    SigningKeyController(ManifestKey key) {
        this.key = key;
    }

    @GetMapping("/.well-known/ota-signing-key.pem")
    ResponseEntity<String> publicKey() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file")).body(key.publicKeyPem());
    }
}
