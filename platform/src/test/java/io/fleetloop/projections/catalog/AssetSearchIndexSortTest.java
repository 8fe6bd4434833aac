package io.fleetloop.projections.catalog;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.fleetloop.api.catalog.AssetFilter;
import io.fleetloop.api.catalog.AssetView;
import io.fleetloop.api.catalog.Modality;
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

    /**
     * A page without full text is read without counting and its total comes from a size-0 search that Elasticsearch's
     * request cache keeps: the total still follows every change of the index, per filter, and a page past the end
     * still gives it; an index that does not exist yet gives an empty page.
     */
    @Test
    void theCachedTotalFollowsTheIndex() throws Exception {
        String prefix = "total-test-" + UUID.randomUUID().toString().substring(0, 8);
        AssetSearchIndex index = new AssetSearchIndex(client, new SearchProperties(null, prefix, null, null));
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(index.search(tenant, AssetFilter.none(), new PageRequest(0, 20)).total()).as("no index yet").isZero();
        try {
            index.ensureIndex();
            index.write(assets(tenant, 0, 5, "GNSS"), true);
            index.write(assets("other-" + tenant, 10, 14, "GNSS"), true);   // ids are global: a-10..a-13
            for (int read = 0; read < 3; read++) {   // the second and third from the request cache
                var page = index.search(tenant, AssetFilter.none(), new PageRequest(0, 20));
                assertThat(page.total()).isEqualTo(5);
                assertThat(page.items()).extracting(AssetView::assetId).containsExactly("a-4", "a-3", "a-2", "a-1", "a-0");
            }
            index.write(assets(tenant, 5, 8, "LIDAR"), true);
            assertThat(index.search(tenant, AssetFilter.none(), new PageRequest(0, 20)).total()).as("after new assets").isEqualTo(8);
            var lidar = index.search(tenant, new AssetFilter(Modality.LIDAR, null, null, null, null, null, null), new PageRequest(0, 2));
            assertThat(lidar.total()).isEqualTo(3);
            assertThat(lidar.items()).extracting(AssetView::assetId).containsExactly("a-7", "a-6");
            var pastTheEnd = index.search(tenant, AssetFilter.none(), new PageRequest(5, 20));
            assertThat(pastTheEnd.items()).isEmpty();
            assertThat(pastTheEnd.total()).isEqualTo(8);
            assertThat(index.search(tenant, new AssetFilter(null, null, null, "drive", null, null, null), new PageRequest(0, 20)).total())
                    .as("full text: one scored search").isEqualTo(8);
        } finally {
            index.dropIndex();
        }
    }

    private static List<AssetSearchIndex.Write> assets(String tenant, int from, int to, String modality) {
        List<AssetSearchIndex.Write> writes = new ArrayList<>();
        for (int n = from; n < to; n++) {
            writes.add(new AssetSearchIndex.Put(Map.of("assetId", "a-" + n, "tenantId", tenant, "sourceId", "s", "ingestionTaskId", "task",
                    "storagePath", "s3://b/" + n, "sizeBytes", n, "sha256", "x", "modality", modality,
                    "ingestedAt", Instant.parse("2026-06-01T00:00:00Z").plusSeconds(n).toString(), "text", "drive " + n)));
        }
        return writes;
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
