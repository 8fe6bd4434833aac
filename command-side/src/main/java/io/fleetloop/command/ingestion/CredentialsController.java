package io.fleetloop.command.ingestion;

import io.fleetloop.api.common.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/**
 * {@code PUT /v1/credentials/{name}}: store the secret a connector needs; data sources then refer to it by name.
 * Secrets are write-only: listing shows names only.
 */
@RestController
class CredentialsController {

    record PutCredentialsRequest(@NotBlank @Size(max = 256) String accessKey, @NotBlank @Size(max = 1024) String secretKey) {
    }

    record CredentialNames(List<String> items) {
    }

    private final ConnectorCredentials credentials;
    private final Clock clock;

    CredentialsController(ConnectorCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @PutMapping("/v1/credentials/{name}")
    ResponseEntity<Void> put(Caller caller, @PathVariable @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String name,
                             @Valid @RequestBody PutCredentialsRequest request) {
        credentials.put(caller.tenantId(), name, new ConnectorCredentials.Secret(request.accessKey(), request.secretKey()), clock.instant());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/credentials")
    CredentialNames list(Caller caller) {
        return new CredentialNames(credentials.names(caller.tenantId()));
    }
}
