package io.fleetloop.query.governance.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.AssetFilter;
import io.fleetloop.api.catalog.AssetSearchResponse;
import io.fleetloop.api.catalog.AssetView;
import io.fleetloop.api.catalog.AttributeMatch;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SearchAssetsQuery;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.query.governance.masking.MaskingEngine;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code GET /v1/assets/export}: the assets matching the filters of {@code GET /v1/assets}, as NDJSON (one asset per
 * line), masked for the caller's role level, within the caller's tenant.
 */
@RestController
class AssetExportController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    /** Elasticsearch's default {@code index.max_result_window}: paging by from + size reaches no further. */
    static final int MAX_ASSETS = 10_000;

    private final QueryGateway queries;
    private final ObjectMapper json;
    private final MaskingEngine masking;
    private final Clock clock;

    AssetExportController(QueryGateway queries, ObjectMapper json, MaskingEngine masking, Clock clock) {
        this.queries = queries;
        this.json = json;
        this.masking = masking;
        this.clock = clock;
    }

    @GetMapping("/v1/assets/export")
    ResponseEntity<StreamingResponseBody> export(Caller caller, @RequestParam(required = false) Modality modality,
                                                 @RequestParam(required = false) String sourceId,
                                                 @RequestParam(required = false) String tag,
                                                 @RequestParam(required = false) String q,
                                                 @RequestParam(required = false) Instant ingestedFrom,
                                                 @RequestParam(required = false) Instant ingestedTo,
                                                 @RequestParam(required = false) String attribute, NativeWebRequest request) {
        AssetFilter filter = new AssetFilter(modality, sourceId, tag, q, ingestedFrom, ingestedTo, AttributeMatch.parse(attribute));
        // The first page is read before the response starts, so a bad filter or a failing index is still a problem response.
        AssetSearchResponse first = page(caller.tenantId(), filter, 0);
        if (first.total() > MAX_ASSETS) {
            throw FleetloopException.invalid("ingestedFrom", "the export matches " + first.total() + " assets, more than "
                    + MAX_ASSETS + "; narrow it, e.g. with ingestedFrom and ingestedTo, and export the parts");
        }
        int level = MaskingEngine.levelOf(caller);
        Exports.allowLongStream(request);
        StreamingResponseBody body = out -> {
            // Assets ingested during the export shift later pages; an asset seen on an earlier page is not repeated.
            Set<String> written = new HashSet<>();
            AssetSearchResponse page = first;
            int number = 0;
            while (true) {
                for (AssetView asset : page.items()) {
                    if (written.add(asset.assetId())) writeLine(out, asset, level);
                }
                out.flush();
                boolean last = page.items().size() < PageRequest.MAX_SIZE || (number + 1) * PageRequest.MAX_SIZE >= MAX_ASSETS;
                if (last) break;
                page = page(caller.tenantId(), filter, ++number);
            }
        };
        return ResponseEntity.ok().contentType(NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, Exports.attachment("assets", caller.tenantId(), clock.instant(), "ndjson"))
                .header(Exports.TOTAL_HEADER, Long.toString(first.total()))
                .body(body);
    }

    private AssetSearchResponse page(String tenantId, AssetFilter filter, int number) {
        return Exports.ask(queries, new SearchAssetsQuery(tenantId, filter, new PageRequest(number, PageRequest.MAX_SIZE)),
                AssetSearchResponse.class);
    }

    private void writeLine(OutputStream out, AssetView asset, int level) throws IOException {
        JsonNode tree = json.valueToTree(asset);
        out.write(json.writeValueAsBytes(masking.mask(tree, level)));
        out.write('\n');
    }
}
