package io.fleetloop.ddi.json.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code POST {controllerBase}/collection-uploads} (Fleetloop extension): open, or resume, the direct upload of one clip
 * file the device cut for {@code flowId}'s trigger {@code triggerId}. The same trigger and file name answer the same
 * upload (with fresh part URLs and the parts the store has already), so a device that restarts continues where it stopped.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DdiClipUploadRequest(String flowId, String triggerId, String fileName, Long size, String sha256,
                                   Integer urlExpirySeconds) {

    public static final String ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";

    public DdiClipUploadRequest validate() {
        if (flowId == null || !flowId.matches(ID)) throw new DdiContractException("flowId", "the id of a collection rule");
        if (triggerId == null || !triggerId.matches(ID)) throw new DdiContractException("triggerId", "1-64 letters, digits, . _ : -");
        if (fileName == null || !fileName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new DdiContractException("fileName", "1-128 letters, digits, . _ - (no path)");
        }
        if (size == null || size < 1 || size > 5L * 1024 * 1024 * 1024) throw new DdiContractException("size", "1 byte .. 5 GiB");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) throw new DdiContractException("sha256", "64 lower-case hex digits");
        if (urlExpirySeconds != null && (urlExpirySeconds < 1 || urlExpirySeconds > 3600)) {
            throw new DdiContractException("urlExpirySeconds", "1..3600");
        }
        return this;
    }
}
