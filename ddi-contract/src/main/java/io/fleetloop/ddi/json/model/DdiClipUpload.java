package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The answer to {@code POST {controllerBase}/collection-uploads}: where the clip lands ({@code storagePath}), the part
 * size, a short-lived presigned {@code PUT} URL for each part still missing (sent straight to the object store), the
 * parts the store holds already, and when the URLs expire. {@code status} is {@code OPEN} or {@code COMPLETED}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiClipUpload(String uploadId, String status, String storagePath, long partSize, List<Part> parts,
                            List<Integer> received, String expiresAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Part(int partNumber, long size, String url) {
    }

    public List<Part> partsOrEmpty() {
        return parts == null ? List.of() : parts;
    }
}
