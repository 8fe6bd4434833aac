package io.fleetloop.projections.catalog;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.fleetloop.api.catalog.AssetFilter;
import io.fleetloop.api.catalog.AssetView;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.projections.search.SearchProperties;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The asset index is sorted on disk as the default page is (newest first, then asset id), so a page over millions of
 * assets ingested in time order does not pass every document through the top-N queue; an index created unsorted by an
 * earlier release is recognised and rebuilt sorted by the projection's reset (drop and create).
 * In the platform module for its real Elasticsearch; in the index's package for its constructor.
 */
class AssetSearchIndexSortTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final ElasticsearchClient client = platform.bean(ElasticsearchClient.class);

    @Test
    void thePlatformsIndexIsSortedAsTheDefaultPage() throws Exception {
        AssetSearchIndex index = platform.bean(AssetSearchIndex.class);
        assertThat(index.sortedForPaging()).isTrue();
        var sort = client.indices().getSettings(g -> g.index(index.indexName())).get(index.indexName()).settings().index().sort();
        assertThat(sort.field()).containsExactly("ingestedAt", "assetId");
        assertThat(sort.order()).extracting(Object::toString).containsExactly("Desc", "Asc");
    }

    @Test
    void anUnsortedIndexIsRecognisedAndTheResetRebuildsItSortedWithTheSamePages() throws Exception {
        String prefix = "sort-test-" + UUID.randomUUID().toString().substring(0, 8);
        String name = prefix + "-assets";
        // as an earlier release created it: the same mapping, no sort
        client.indices().create(c -> c.index(name).settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                .mappings(m -> m.withJson(new StringReader("{\"dynamic\": \"strict\", \"properties\": {\"assetId\": {\"type\": \"keyword\"},"
                        + " \"tenantId\": {\"type\": \"keyword\"}, \"sourceId\": {\"type\": \"keyword\"}, \"ingestionTaskId\": {\"type\": \"keyword\"},"
                        + " \"storagePath\": {\"type\": \"keyword\"}, \"sizeBytes\": {\"type\": \"long\"}, \"sha256\": {\"type\": \"keyword\"},"
                        + " \"modality\": {\"type\": \"keyword\"}, \"sceneTags\": {\"type\": \"keyword\"}, \"ingestedAt\": {\"type\": \"date\"},"
                        + " \"text\": {\"type\": \"text\"}}}"))));
        AssetSearchIndex index = new AssetSearchIndex(client, new SearchProperties(null, prefix, null, null));
        try {
            index.ensureIndex();
            assertThat(index.sortedForPaging()).as("created before sorting").isFalse();
            List<String> unsorted = pages(index);

            index.dropIndex();   // what the asset-search projection's reset does
            index.ensureIndex();
            assertThat(index.sortedForPaging()).isTrue();
            List<String> sorted = pages(index);
            assertThat(sorted).as("newest first, ties by asset id, in both").isEqualTo(unsorted);
        } finally {
            index.dropIndex();
        }
    }

    /** 60 assets in ingestion order, some ingested at the same instant; every page of 7, newest first. */
    private static List<String> pages(AssetSearchIndex index) throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 6);
        List<AssetSearchIndex.Write> writes = new ArrayList<>();
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        List<Integer> order = new ArrayList<>();
        for (int n = 0; n < 60; n++) order.add(n);
        Collections.shuffle(order, new java.util.Random(7));
        for (int n : order) {
            writes.add(new AssetSearchIndex.Put(Map.of("assetId", "asset-" + n, "tenantId", tenant, "sourceId", "s", "ingestionTaskId", "task",
                    "storagePath", "s3://b/" + n, "sizeBytes", n, "sha256", "x", "modality", "GNSS",
                    "ingestedAt", start.plusSeconds(n / 3).toString(), "text", "drive " + n)));
        }
        index.write(writes, true);
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 9; page++) {
            var result = index.search(tenant, AssetFilter.none(), new PageRequest(page, 7));
            assertThat(result.total()).isEqualTo(60);
            result.items().stream().map(AssetView::assetId).forEach(seen::add);
        }
        assertThat(seen).hasSize(60).doesNotHaveDuplicates();
        assertThat(seen.get(0)).as("the newest (ingested last, smallest id among ties)").isEqualTo("asset-57");
        return seen;
    }
}
