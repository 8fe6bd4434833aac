package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One software module of a deployment: {@code part} (its type, e.g. {@code os}, {@code bApp}), version, name, files, metadata. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiChunk(String part, String version, String name, Boolean encrypted, List<DdiArtifact> artifacts, List<DdiMetadata> metadata) {

    public List<DdiArtifact> artifactList() {
        return artifacts == null ? List.of() : artifacts;
    }

    public Optional<String> metadata(String key) {
        return metadata == null ? Optional.empty()
                : metadata.stream().filter(m -> key.equals(m.key())).map(DdiMetadata::value).filter(Objects::nonNull).findFirst();
    }
}
