package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.orchestration.workflow.ArtifactRef;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.command.orchestration.run.WorkflowArtifacts;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a node attempt's files to the object store under the tenant's prefix,
 * {@code tenants/<tenant>/workflow-runs/<run>/<node>/<attempt>/<name>}, and remembers them as artifacts (size, sha256).
 */
final class NodeArtifacts {

    private final PlatformObjectStore store;
    private final String tenantId;
    private final WorkflowRunId runId;
    private final String nodeId;
    private final int attempt;
    private final List<ArtifactRef> written = new ArrayList<>();

    NodeArtifacts(PlatformObjectStore store, String tenantId, WorkflowRunId runId, String nodeId, int attempt) {
        this.store = store;
        this.tenantId = tenantId;
        this.runId = runId;
        this.nodeId = nodeId;
        this.attempt = attempt;
    }

    ArtifactRef put(String name, byte[] content, String contentType) throws Exception {
        return put(name, new ByteArrayInputStream(content), content.length, contentType);
    }

    ArtifactRef put(String name, Path file, String contentType) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return put(name, in, Files.size(file), contentType);
        }
    }

    private ArtifactRef put(String name, InputStream content, long size, String contentType) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String key = WorkflowArtifacts.key(tenantId, runId.value(), nodeId, attempt, name);
        store.put(key, new DigestInputStream(content, sha256), size);
        ArtifactRef artifact = new ArtifactRef(name, key, size, HexFormat.of().formatHex(sha256.digest()), contentType);
        written.add(artifact);
        return artifact;
    }

    List<ArtifactRef> written() {
        return List.copyOf(written);
    }
}
