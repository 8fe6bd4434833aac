package io.fleetloop.edge.ota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the hawkBit DDI API v1 that the agent reads and writes. Readers are tolerant: unknown fields
 * are ignored and missing ones are null, so a newer server does not break an older device.
 */
public final class Ddi {

    private Ddi() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ControllerBase(Config config, @JsonProperty("_links") Map<String, Link> links) {

        public Optional<String> href(String rel) {
            return Optional.ofNullable(links).map(l -> l.get(rel)).map(Link::href).filter(h -> !h.isBlank());
        }

        /** The server's polling sleep ("HH:MM:SS"), if it gave a readable one. */
        public Optional<Duration> sleep() {
            if (config == null || config.polling() == null || config.polling().sleep() == null) {
                return Optional.empty();
            }
            String[] parts = config.polling().sleep().trim().split(":");
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                return Optional.of(Duration.ofHours(Long.parseLong(parts[0]))
                        .plusMinutes(Long.parseLong(parts[1])).plusSeconds(Long.parseLong(parts[2])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Config(Polling polling) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Polling(String sleep) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Link(String href) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeploymentBase(String id, Deployment deployment) {

        public List<Chunk> chunks() {
            return deployment == null || deployment.chunks() == null ? List.of() : deployment.chunks();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Deployment(String download, String update, List<Chunk> chunks) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Chunk(String part, String version, String name, List<Metadata> metadata, List<Artifact> artifacts) {

        public Optional<String> metadata(String key) {
            return metadata == null ? Optional.empty()
                    : metadata.stream().filter(m -> key.equals(m.key())).map(Metadata::value).filter(v -> v != null).findFirst();
        }

        public List<Artifact> artifactList() {
            return artifacts == null ? List.of() : artifacts;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(String key, String value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Artifact(String filename, long size, Map<String, String> hashes,
                           @JsonProperty("_links") Map<String, Link> links) {

        /** The download link whose scheme matches the server's (hawkBit offers https as download, http as download-http). */
        public Optional<String> downloadHref(String preferredScheme) {
            if (links == null) {
                return Optional.empty();
            }
            Optional<String> matching = links.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("download") && e.getValue() != null && e.getValue().href() != null)
                    .map(e -> e.getValue().href())
                    .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(preferredScheme + ":"))
                    .findFirst();
            return matching.or(() -> Optional.ofNullable(links.get("download")).map(Link::href))
                    .or(() -> Optional.ofNullable(links.get("download-http")).map(Link::href));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CancelActionResponse(String id, CancelAction cancelAction) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CancelAction(String stopId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActionFeedback(String id, String time, Status status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String execution, Result result, List<String> details) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String finished, Progress progress) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(int cnt, int of) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConfigData(String mode, Map<String, String> data) {
    }

    /** hawkBit's feedback {@code execution} values. */
    public enum Execution {
        CLOSED, PROCEEDING, CANCELED, SCHEDULED, REJECTED, RESUMED, DOWNLOADED, DOWNLOAD;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** hawkBit's feedback {@code result.finished} values. */
    public enum Finished {
        SUCCESS, FAILURE, NONE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
