package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** {@code GET deploymentBase/{actionId}} (and {@code installedBase/{actionId}}): the action's id, deployment and history. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "deployment", "actionHistory"})
public record DdiDeploymentBase(String id, DdiDeployment deployment, DdiActionHistory actionHistory) {

    public List<DdiChunk> chunks() {
        return deployment == null ? List.of() : deployment.chunkList();
    }
}
