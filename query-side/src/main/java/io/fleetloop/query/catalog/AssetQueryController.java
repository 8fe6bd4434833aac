package io.fleetloop.query.catalog;

import io.fleetloop.api.catalog.AssetFilter;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AssetSearchResponse;
import io.fleetloop.api.catalog.AssetView;
import io.fleetloop.api.catalog.AttributeMatch;
import io.fleetloop.api.catalog.FindAssetQuery;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SearchAssetsQuery;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.query.common.Queries;
import io.fleetloop.query.common.ReadsFrom;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/assets} (search, served from Elasticsearch; {@code attribute=key:value} matches one attribute
 * exactly) and {@code GET /v1/assets/{assetId}}; both can wait for a command's position ({@link ReadsFrom}).
 */
@RestController
class AssetQueryController {

    private final Queries queries;

    AssetQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/assets")
    @ReadsFrom("asset-search")
    AssetSearchResponse search(Caller caller, @RequestParam(required = false) Modality modality,
                               @RequestParam(required = false) String sourceId, @RequestParam(required = false) String tag,
                               @RequestParam(required = false) String q,
                               @RequestParam(required = false) Instant ingestedFrom,
                               @RequestParam(required = false) Instant ingestedTo,
                               @RequestParam(required = false) String attribute,
                               @RequestParam(required = false) List<String> sceneTags,
                               @RequestParam(required = false) List<String> longTailTags,
                               @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        AssetFilter filter = new AssetFilter(modality, sourceId, tag, q, ingestedFrom, ingestedTo, AttributeMatch.parse(attribute),
                tags(sceneTags), tags(longTailTags));
        return queries.get(new SearchAssetsQuery(caller.tenantId(), filter, new PageRequest(page, size)), AssetSearchResponse.class);
    }

    /** {@code sceneTags=a,b} or {@code sceneTags=a&sceneTags=b}: assets carrying every one. */
    private static List<String> tags(List<String> values) {
        if (values == null) return List.of();
        return values.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim).filter(t -> !t.isEmpty()).distinct().toList();
    }

    @GetMapping("/v1/assets/{assetId}")
    @ReadsFrom("asset-catalog")
    AssetView asset(Caller caller, @PathVariable String assetId) {
        return queries.require(new FindAssetQuery(caller.tenantId(), new AssetId(assetId)), AssetView.class, "asset", assetId);
    }
}
