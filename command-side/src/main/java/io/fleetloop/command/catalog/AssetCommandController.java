package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AssignSceneTagsCommand;
import io.fleetloop.api.common.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;
import jakarta.validation.constraints.NotBlank;

/** {@code PUT /v1/assets/{assetId}/tags}: replace an asset's scene tags. */
@RestController
class AssetCommandController {

    record SceneTagsRequest(@NotNull @Size(max = DataAsset.MAX_TAGS) List<@NotBlank String> sceneTags) {
    }

    record SceneTagsResponse(String assetId, List<String> sceneTags) {
    }

    private final CommandGateway commands;

    AssetCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PutMapping("/v1/assets/{assetId}/tags")
    SceneTagsResponse assignTags(Caller caller, @PathVariable String assetId, @Valid @RequestBody SceneTagsRequest request) {
        Set<String> tags = Set.copyOf(request.sceneTags());
        commands.sendAndWait(new AssignSceneTagsCommand(new AssetId(assetId), caller.tenantId(), tags));
        return new SceneTagsResponse(assetId, tags.stream().sorted().toList());
    }
}
