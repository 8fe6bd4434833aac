package io.fleetloop.command.ota;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.CreateReleaseTaskCommand;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseType;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Creates release tasks for REST and the model-ready webhook alike: the artifact must be an object of the tenant in
 * the platform's bucket ({@code s3://<bucket>/tenants/<tenant>/...}); its size and sha256 are recorded on the task.
 */
@Component
class ReleaseCreation {

    /** Seed 001 §1.4 model-ready payload; {@code artifactType} is the seed's name for the release type. */
    record ModelRelease(@com.fasterxml.jackson.annotation.JsonAlias("artifactType") ReleaseType releaseType, String versionId, String artifactUri, DeviceType targetDeviceType, GrayPolicy grayPolicy,
                        String previousVersionId) {
    }

    private final PlatformObjectStore store;
    private final CommandGateway commands;

    ReleaseCreation(PlatformObjectStore store, CommandGateway commands) {
        this.store = store;
        this.commands = commands;
    }

    void create(ReleaseTaskId taskId, String tenantId, ModelRelease release, MetaData metaData) {
        if (release.artifactUri() == null || release.artifactUri().isBlank()) throw FleetloopException.invalid("artifactUri", "required");
        String prefix = "s3://" + store.bucket() + "/";
        String tenantKeys = PlatformObjectStore.tenantPrefix(tenantId);
        if (!release.artifactUri().startsWith(prefix) || !release.artifactUri().substring(prefix.length()).startsWith(tenantKeys)) {
            throw FleetloopException.invalid("artifactUri", "must be an object of your tenant in the platform bucket: " + prefix + tenantKeys + "...");
        }
        String key = release.artifactUri().substring(prefix.length());
        long size;
        String sha256;
        try {
            size = store.client().statObject(StatObjectArgs.builder().bucket(store.bucket()).object(key).build()).size();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(key).build())) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = object.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        } catch (ErrorResponseException e) {
            throw FleetloopException.invalid("artifactUri", "no such object in the platform bucket: " + release.artifactUri());
        } catch (FleetloopException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the artifact " + release.artifactUri(), e);
        }
        commands.sendAndWait(new CreateReleaseTaskCommand(taskId, tenantId, release.releaseType(), release.versionId(), release.artifactUri(),
                release.targetDeviceType(), release.grayPolicy(), release.previousVersionId(), sha256, size), metaData);
    }
}
