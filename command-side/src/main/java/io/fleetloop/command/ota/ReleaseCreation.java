package io.fleetloop.command.ota;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.ArtifactRef;
import io.fleetloop.api.ota.CreateReleaseTaskCommand;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.ReleaseModule;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseType;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Creates release tasks for REST and the model-ready webhook alike: the artifact must be an object of the tenant in
 * the platform's bucket ({@code s3://<bucket>/tenants/<tenant>/...}); its size and sha256 are recorded on the task.
 */
@Component
class ReleaseCreation {

    /**
     * Seed 001 §1.4 model-ready payload; {@code artifactType} is the seed's name for the release type. Beyond the
     * seed, {@code previousArtifactUri} names the previous version's artifact when no earlier release of it exists
     * (otherwise the artifact the latest release of {@code previousVersionId} shipped is taken). {@code modules}: further
     * software modules shipped with the main artifact, served as further hawkBit chunks of the action in this order.
     */
    record ModelRelease(@JsonAlias("artifactType") ReleaseType releaseType, String versionId, String artifactUri,
                        DeviceType targetDeviceType, GrayPolicy grayPolicy, String previousVersionId, String previousArtifactUri,
                        List<ModuleRequest> modules, List<String> datasetIds) {
    }

    /** One further module: hawkBit chunk {@code part} (os, app, bApp, ...), its {@code name}, version (the release's if omitted) and artifact. */
    record ModuleRequest(String part, String name, String versionId, String artifactUri) {
    }

    static final int MAX_MODULES = 16;
    static final int MAX_DATASETS = 64;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-]{1,128}");

    private final PlatformObjectStore store;
    private final CommandGateway commands;
    private final JdbcClient jdbc;

    ReleaseCreation(PlatformObjectStore store, CommandGateway commands, JdbcClient jdbc) {
        this.store = store;
        this.commands = commands;
        this.jdbc = jdbc;
    }

    void create(ReleaseTaskId taskId, String tenantId, ModelRelease release, MetaData metaData) {
        if (release.grayPolicy() != null) MaintenanceWindows.requireValid(release.grayPolicy().maintenanceWindow());
        List<ModuleRequest> requested = release.modules() == null ? List.of() : release.modules();
        requireValid(release.artifactUri(), requested);
        ArtifactRef artifact = describe(tenantId, "artifactUri", release.artifactUri());
        List<ReleaseModule> modules = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            ModuleRequest module = requested.get(i);
            modules.add(new ReleaseModule(module.part(), module.name(), module.versionId() == null ? release.versionId() : module.versionId(),
                    describe(tenantId, "modules[" + i + "].artifactUri", module.artifactUri())));
        }
        ArtifactRef previous = null;
        if (release.previousArtifactUri() != null && release.previousVersionId() != null) {
            previous = describe(tenantId, "previousArtifactUri", release.previousArtifactUri());
        } else if (release.previousVersionId() != null) {
            previous = shipped(tenantId, release.previousVersionId()).orElse(null);
        } else if (release.previousArtifactUri() != null) {
            throw FleetloopException.invalid("previousArtifactUri", "only with previousVersionId");
        }
        commands.sendAndWait(new CreateReleaseTaskCommand(taskId, tenantId, release.releaseType(), release.versionId(),
                release.targetDeviceType(), release.grayPolicy(), release.previousVersionId(), artifact, previous, modules,
                datasetIds(release.datasetIds())), metaData);
    }

    /** The dataset assets the model was trained on (optional); kept as given, for lineage and the closed-loop KPI. */
    private static List<io.fleetloop.api.catalog.AssetId> datasetIds(List<String> ids) {
        if (ids == null || ids.isEmpty()) return null;
        if (ids.size() > MAX_DATASETS) throw FleetloopException.invalid("datasetIds", "at most " + MAX_DATASETS + " datasets");
        List<io.fleetloop.api.catalog.AssetId> datasets = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || !NAME.matcher(id).matches()) throw FleetloopException.invalid("datasetIds[" + i + "]", "an asset id");
            datasets.add(new io.fleetloop.api.catalog.AssetId(id));
        }
        return List.copyOf(new java.util.LinkedHashSet<>(datasets));
    }

    /** Checked before any artifact is read: each module named and typed, and every file name of the action distinct (a device stores them side by side). */
    private static void requireValid(String artifactUri, List<ModuleRequest> modules) {
        if (modules.size() > MAX_MODULES) throw FleetloopException.invalid("modules", "at most " + MAX_MODULES + " further modules");
        Set<String> filenames = new HashSet<>();
        if (artifactUri != null) filenames.add(artifactUri.substring(artifactUri.lastIndexOf('/') + 1));
        for (int i = 0; i < modules.size(); i++) {
            ModuleRequest module = modules.get(i);
            String field = "modules[" + i + "]";
            if (module == null) throw FleetloopException.invalid(field, "a module {part, name, versionId, artifactUri}");
            if (module.part() == null || !PART.matcher(module.part()).matches()) {
                throw FleetloopException.invalid(field + ".part", "a hawkBit chunk part such as os, app or bApp (1-32 letters, digits, _ or -)");
            }
            if (module.name() == null || !NAME.matcher(module.name()).matches()) {
                throw FleetloopException.invalid(field + ".name", "1-128 letters, digits or . _ + -");
            }
            if (module.versionId() != null && !NAME.matcher(module.versionId()).matches()) {
                throw FleetloopException.invalid(field + ".versionId", "1-128 letters, digits or . _ + -");
            }
            if (module.artifactUri() == null || module.artifactUri().isBlank()) throw FleetloopException.invalid(field + ".artifactUri", "required");
            if (!filenames.add(module.artifactUri().substring(module.artifactUri().lastIndexOf('/') + 1))) {
                throw FleetloopException.invalid(field + ".artifactUri", "a file name no other artifact of the release has");
            }
        }
    }

    /** Whether the release exists already (a repeated delivery): then nothing needs reading or hashing. */
    boolean exists(ReleaseTaskId taskId) {
        return jdbc.sql("select count(*) from ddi_release where task_id = ?").param(taskId.value()).query(Long.class).single() > 0;
    }

    /**
     * The artifact the tenant's latest release of the version shipped, as it was recorded then (the command side's
     * {@code ddi-lookup} tables, kept in the creating command's transaction, so a release created just before is seen); not read and hashed again.
     */
    private Optional<ArtifactRef> shipped(String tenantId, String versionId) {
        return jdbc.sql("""
                        select m.artifact_uri, m.size_bytes, m.sha256, m.sha1, m.md5 from ddi_release r
                        join ddi_software_module m on m.tenant_id = r.tenant_id and m.module_id = r.module_id
                        where r.tenant_id = ? and r.version_id = ? order by r.release_counter desc limit 1""")
                .params(tenantId, versionId)
                .query((rs, n) -> new ArtifactRef(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    /** The object must be the tenant's, in the platform bucket; one pass over it gives size, sha256, sha1 and md5. */
    private ArtifactRef describe(String tenantId, String field, String uri) {
        if (uri == null || uri.isBlank()) throw FleetloopException.invalid(field, "required");
        String prefix = "s3://" + store.bucket() + "/";
        String tenantKeys = PlatformObjectStore.tenantPrefix(tenantId);
        if (!uri.startsWith(prefix) || !uri.substring(prefix.length()).startsWith(tenantKeys) || uri.endsWith("/")) {
            throw FleetloopException.invalid(field, "must be an object of your tenant in the platform bucket: " + prefix + tenantKeys + "...");
        }
        String key = uri.substring(prefix.length());
        try {
            long size = store.client().statObject(StatObjectArgs.builder().bucket(store.bucket()).object(key).build()).size();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(key).build())) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = object.read(buffer)) > 0; ) {
                    sha256.update(buffer, 0, n);
                    sha1.update(buffer, 0, n);
                    md5.update(buffer, 0, n);
                }
            }
            HexFormat hex = HexFormat.of();
            return new ArtifactRef(uri, size, hex.formatHex(sha256.digest()), hex.formatHex(sha1.digest()), hex.formatHex(md5.digest()));
        } catch (ErrorResponseException e) {
            throw FleetloopException.invalid(field, "no such object in the platform bucket: " + uri);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the artifact " + uri, e);
        }
    }
}
