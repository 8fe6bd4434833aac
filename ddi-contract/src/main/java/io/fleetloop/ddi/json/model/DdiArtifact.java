package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One file of a chunk, with links {@code download} (https), {@code download-http}, {@code md5sum} and
 * {@code md5sum-http} (the file's {@code .MD5SUM}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiArtifact(String filename, DdiArtifactHash hashes, Long size, @JsonProperty("_links") Map<String, DdiLink> links) {

    public static final String DOWNLOAD = "download";
    public static final String DOWNLOAD_HTTP = "download-http";
    public static final String MD5SUM = "md5sum";
    public static final String MD5SUM_HTTP = "md5sum-http";

    public Optional<String> href(String rel) {
        return DdiLinks.href(links, rel);
    }

    /** The size, or -1 when the server did not say. */
    public long sizeOrUnknown() {
        return size == null ? -1 : size;
    }

    /** The download link whose scheme matches the server's (hawkBit offers https as download, http as download-http). */
    public Optional<String> downloadHref(String preferredScheme) {
        return href(DOWNLOAD).filter(h -> h.toLowerCase(Locale.ROOT).startsWith(preferredScheme + ":"))
                .or(() -> href(DOWNLOAD_HTTP).filter(h -> h.toLowerCase(Locale.ROOT).startsWith(preferredScheme + ":")))
                .or(() -> href(DOWNLOAD))
                .or(() -> href(DOWNLOAD_HTTP));
    }
}
