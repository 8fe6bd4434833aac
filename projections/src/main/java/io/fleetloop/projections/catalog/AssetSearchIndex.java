package io.fleetloop.projections.catalog;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.search.TotalHits;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.IndexSegmentSort;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import co.elastic.clients.elasticsearch.indices.IndexState;
import co.elastic.clients.elasticsearch.indices.SegmentSortOrder;
import io.fleetloop.api.catalog.AssetFilter;
import io.fleetloop.api.catalog.AssetSearchResponse;
import io.fleetloop.api.catalog.AssetView;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneTagHistogram;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.projections.search.SearchProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jakarta.annotation.PostConstruct;

/**
 * The asset search index in Elasticsearch: one document per asset, id = asset id (writes are idempotent).
 * Every query is filtered by tenant. Attributes are a {@code flattened} field: filterable by exact value, and
 * deliberately left out of the full-text field {@code text}.
 */
@Component
public class AssetSearchIndex {

    private static final String MAPPING = """
            {"dynamic": "strict", "properties": {
              "assetId": {"type": "keyword"}, "tenantId": {"type": "keyword"}, "sourceId": {"type": "keyword"},
              "ingestionTaskId": {"type": "keyword"}, "storagePath": {"type": "keyword"},
              "sizeBytes": {"type": "long"}, "sha256": {"type": "keyword"}, "modality": {"type": "keyword"},
              "sceneTags": {"type": "keyword"}, "ingestedAt": {"type": "date"}, "text": {"type": "text"},
              "attributes": {"type": "flattened"}, "longTailTags": {"type": "keyword"}, "sceneCombos": {"type": "keyword"}}}""";

    /** Fields added after the first release: put on an existing index (adding a field is allowed, and idempotent). */
    private static final String ADDED_FIELDS = """
            {"properties": {"attributes": {"type": "flattened"}, "longTailTags": {"type": "keyword"},
              "sceneCombos": {"type": "keyword"}}}""";

    /** The index's sort on disk: the search's default order (newest first, then asset id). */
    private static final List<String> SORT_FIELDS = List.of("ingestedAt", "assetId");
    private static final List<SegmentSortOrder> SORT_ORDER = List.of(SegmentSortOrder.Desc, SegmentSortOrder.Asc);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AssetSearchIndex.class);

    private final ElasticsearchClient client;
    private final String index;
    private final String refreshInterval;
    private final co.elastic.clients.elasticsearch._types.Refresh bulkRefresh;
    private volatile boolean ready;

    AssetSearchIndex(ElasticsearchClient client, SearchProperties properties) {
        this.client = client;
        this.index = properties.indexPrefix() + "-assets";
        this.refreshInterval = properties.refreshInterval();
        this.bulkRefresh = properties.bulkRefresh().equals("true")
                ? co.elastic.clients.elasticsearch._types.Refresh.True : co.elastic.clients.elasticsearch._types.Refresh.WaitFor;
    }

    /**
     * Creates the index at start, not on the first asset: a search racing the creation of the index would meet
     * an unallocated shard. If Elasticsearch is not reachable yet, the first write creates it.
     */
    @PostConstruct
    void createAtStart() {
        try {
            ensureIndex();
            client.cluster().health(h -> h.index(index).waitForStatus(co.elastic.clients.elasticsearch._types.HealthStatus.Yellow)
                    .timeout(t -> t.time("30s")));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Search index {} not ready at start: {}", index, e.toString());
        }
    }

    public String indexName() {
        return index;
    }

    /**
     * Creates the index if missing, sorted on disk as the search's default page is sorted ({@code ingestedAt} newest
     * first, then {@code assetId}). Assets arrive in ingestion order, so in an unsorted index every document a search
     * visits is newer than the ones before it and enters the top-N queue: the first page over a tenant's 150,000 assets
     * cost Elasticsearch 420–780 ms under load, 3–5 ms in the sorted index (docs/performance.md, change 23). An
     * index created before cannot be sorted in place: a warning says so, and a reset of {@code asset-search}
     * (which drops and recreates the index) rebuilds it sorted. Searches are correct either way.
     */
    void ensureIndex() throws IOException {
        if (ready) return;
        if (!client.indices().exists(e -> e.index(index)).value()) {
            try {
                client.indices().create(c -> c.index(index)
                        .settings(s -> {
                            s.numberOfShards("1").numberOfReplicas("0")
                                    .sort(o -> o.field(SORT_FIELDS).order(SORT_ORDER));
                            return refreshInterval == null ? s : s.refreshInterval(t -> t.time(refreshInterval));
                        })
                        .mappings(m -> m.withJson(new StringReader(MAPPING))));
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) throw e;
            }
        } else if (!sortedForPaging()) {
            LOG.warn("Search index {} was created unsorted (before Fleetloop sorted it by"
                    + " ingestedAt): searches are right but a page over many assets is slow; rebuild it sorted with"
                    + " POST /v1/admin/processors/asset-search/reset {\"from\": \"beginning\"}", index);
        }
        client.indices().putMapping(p -> p.index(index).withJson(new StringReader(ADDED_FIELDS)));
        if (refreshInterval != null) {
            client.indices().putSettings(p -> p.index(index).settings(s -> s.refreshInterval(t -> t.time(refreshInterval))));
        }
        ready = true;
    }

    /** Whether the index is sorted on disk as the default page is ({@code ingestedAt} desc, {@code assetId} asc). */
    public boolean sortedForPaging() throws IOException {
        IndexState state = client.indices().getSettings(g -> g.index(index)).get(index);
        IndexSettings settings = state == null ? null : state.settings();
        if (settings != null && settings.index() != null) settings = settings.index();
        IndexSegmentSort sort = settings == null ? null : settings.sort();
        return sort != null && sort.field().equals(SORT_FIELDS) && sort.order().equals(SORT_ORDER);
    }

    void dropIndex() throws IOException {
        ready = false;
        if (client.indices().exists(e -> e.index(index)).value()) {
            client.indices().delete(d -> d.index(index));
        }
    }

    /** One change to the index, kept by the projection until its batch commits. */
    sealed interface Write {
        String assetId();
    }

    /** A new asset's whole document. */
    record Put(Map<String, Object> document) implements Write {
        @Override
        public String assetId() {
            return (String) document.get("assetId");
        }
    }

    /** The asset's scene tags replaced (and its full-text field, which holds them). */
    record Tags(String assetId, List<String> tags) implements Write {
    }

    /** A scene-mining job's result: long-tail tags and the combinations counted for the long tail. */
    record Mined(String assetId, List<String> longTailTags, List<String> combinations) implements Write {
    }

    /**
     * One bulk request for all the writes, one item per asset ({@link #operations}): new documents are indexed whole,
     * tag changes are partial updates. A tag change needs the asset's storage path for the full-text field: taken from
     * a new document of the same batch, else read for all such assets in one multi-get. Any item that failed fails
     * the whole call (the batch is retried; writes are idempotent). With {@code refresh}, the request answers only once
     * the writes are searchable, as after {@link #refresh()}, without a second round trip: by default it forces a
     * refresh ({@code refresh=true}); with {@code bulk-refresh: wait_for} it waits for the index's next periodic one
     * ({@code fleetloop.search.refresh-interval}).
     */
    void write(List<Write> writes, boolean refresh) {
        if (writes.isEmpty()) return;
        try {
            ensureIndex();
            Map<String, String> storagePaths = storagePaths(writes);
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            if (refresh) bulk.refresh(bulkRefresh);
            for (Operation operation : operations(writes, storagePaths)) {
                if (operation.whole()) {
                    bulk.operations(op -> op.index(i -> i.index(index).id(operation.assetId()).document(operation.fields())));
                } else {
                    bulk.operations(op -> op.update(u -> u.index(index).id(operation.assetId()).action(a -> a.doc(operation.fields()))));
                }
            }
            BulkResponse response = client.bulk(bulk.build());
            if (response.errors()) {
                String first = response.items().stream().filter(item -> item.error() != null)
                        .map(item -> item.id() + ": " + item.error().reason()).findFirst().orElse("unknown");
                throw new IllegalStateException("bulk write of " + writes.size() + " asset changes failed, first: " + first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One item of a bulk request: a whole document to index, or fields to update. */
    record Operation(String assetId, boolean whole, Map<String, Object> fields) {
    }

    /**
     * The batch's writes as one operation per asset, as if applied in event order: a new document takes the changes that
     * follow it in the batch, and an asset's tag changes merge into one partial update (later fields win). A mining job
     * writes two changes per asset (long-tail tags, then the tag set), and a registration and its tags often share a
     * batch: each is one document written by Elasticsearch, not two (an update is a read and a re-index of the whole
     * document). Assets keep the order of their first write; different assets' documents do not depend on each other.
     */
    static List<Operation> operations(List<Write> writes, Map<String, String> storagePaths) {
        Map<String, Operation> byAsset = new LinkedHashMap<>();
        for (Write write : writes) {
            if (write instanceof Put put) {
                byAsset.put(put.assetId(), new Operation(put.assetId(), true, new LinkedHashMap<>(put.document())));
                continue;
            }
            Operation before = byAsset.get(write.assetId());
            Map<String, Object> partial = new LinkedHashMap<>();
            if (write instanceof Tags tags) {
                String storagePath = before != null && before.whole() ? (String) before.fields().get("storagePath") : storagePaths.get(tags.assetId());
                partial.put("sceneTags", tags.tags());
                partial.put("text", searchText(storagePath, tags.tags()));
            } else if (write instanceof Mined mined) {
                partial.put("longTailTags", mined.longTailTags());
                partial.put("sceneCombos", mined.combinations());
            }
            if (before == null) {
                byAsset.put(write.assetId(), new Operation(write.assetId(), false, partial));
            } else {
                before.fields().putAll(partial);
            }
        }
        return List.copyOf(byAsset.values());
    }

    /** The storage paths the batch's tag changes need: from its new documents, the rest in one multi-get. */
    @SuppressWarnings("unchecked")
    private Map<String, String> storagePaths(List<Write> writes) throws IOException {
        Map<String, String> paths = new java.util.HashMap<>();
        java.util.Set<String> missing = new java.util.LinkedHashSet<>();
        for (Write write : writes) {
            if (write instanceof Put put) paths.put(put.assetId(), (String) put.document().get("storagePath"));
            if (write instanceof Tags tags && !paths.containsKey(tags.assetId())) missing.add(tags.assetId());
        }
        if (missing.isEmpty()) return paths;
        var found = client.mget(m -> m.index(index).ids(List.copyOf(missing)).sourceIncludes("storagePath"), Map.class);
        for (var doc : found.docs()) {
            if (doc.isResult() && doc.result().found() && doc.result().source() != null) {
                paths.put(doc.result().id(), (String) ((Map<String, Object>) doc.result().source()).get("storagePath"));
            }
        }
        for (String assetId : missing) {
            if (!paths.containsKey(assetId)) throw new IllegalStateException("asset " + assetId + " is not in the search index yet");
        }
        return paths;
    }

    /** Makes what was written so far searchable (Elasticsearch otherwise does so within a second). */
    void refresh() {
        try {
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many of the tenant's mined assets (other than {@code excluded}) carry each combination, and how many there are. */
    public record CombinationCounts(long minedAssets, Map<String, Long> counts) {
    }

    /**
     * The long-tail frequencies (scene mining): a terms aggregation over the combinations of the tenant's mined
     * assets, restricted to the combinations asked about ({@code include}), so its cost does not grow with the number
     * of distinct combinations in the catalog. The job's own assets are left out ({@code excluded}): the caller adds
     * their new combinations itself, whether or not the index has them yet.
     */
    public CombinationCounts combinationCounts(String tenantId, Collection<String> combinations, Collection<String> excluded) throws IOException {
        ensureIndex();
        List<String> include = List.copyOf(new java.util.TreeSet<>(combinations));
        List<FieldValue> ids = excluded.stream().map(FieldValue::of).toList();
        SearchResponse<Void> response = client.search(s -> s.index(index).size(0).trackTotalHits(t -> t.enabled(true))
                .query(q -> q.bool(b -> {
                    b.filter(term("tenantId", tenantId)).filter(f -> f.exists(e -> e.field("sceneCombos")));
                    if (!ids.isEmpty()) b.mustNot(m -> m.terms(t -> t.field("assetId").terms(v -> v.value(ids))));
                    return b;
                }))
                .aggregations("combos", a -> a.terms(t -> t.field("sceneCombos").size(Math.max(1, include.size()))
                        .include(i -> i.terms(include)))), Void.class);
        Map<String, Long> counts = new java.util.TreeMap<>();
        include.forEach(c -> counts.put(c, 0L));
        response.aggregations().get("combos").sterms().buckets().array().forEach(b -> counts.put(b.key().stringValue(), b.docCount()));
        long total = response.hits().total() == null ? 0 : response.hits().total().value();
        return new CombinationCounts(total, counts);
    }

    /** How many of the tenant's assets carry each scene tag and each long-tail tag (terms aggregations, top {@code size}). */
    public SceneTagHistogram histogram(String tenantId, int size) throws IOException {
        ensureIndex();
        SearchResponse<Void> response = client.search(s -> s.index(index).size(0).trackTotalHits(t -> t.enabled(true))
                .query(q -> q.bool(b -> b.filter(term("tenantId", tenantId))))
                .aggregations("sceneTags", a -> a.terms(t -> t.field("sceneTags").size(size)))
                .aggregations("longTailTags", a -> a.terms(t -> t.field("longTailTags").size(size))), Void.class);
        return new SceneTagHistogram(response.hits().total() == null ? 0 : response.hits().total().value(),
                buckets(response, "sceneTags"), buckets(response, "longTailTags"));
    }

    private static List<SceneTagHistogram.Bucket> buckets(SearchResponse<Void> response, String name) {
        return response.aggregations().get(name).sterms().buckets().array().stream()
                .map(b -> new SceneTagHistogram.Bucket(b.key().stringValue(), b.docCount())).toList();
    }

    static String searchText(String storagePath, List<String> tags) {
        List<String> words = new ArrayList<>(Arrays.asList(storagePath.split("[^\\p{L}\\p{N}]+")));
        words.addAll(tags);
        return words.stream().filter(w -> !w.isBlank()).collect(Collectors.joining(" "));
    }

    @SuppressWarnings("unchecked")
    public AssetSearchResponse search(String tenantId, AssetFilter filter, PageRequest page) throws IOException {
        List<Query> must = new ArrayList<>();
        must.add(term("tenantId", tenantId));
        if (filter.modality() != null) must.add(term("modality", filter.modality().name()));
        if (filter.sourceId() != null) must.add(term("sourceId", filter.sourceId()));
        if (filter.tag() != null) must.add(term("sceneTags", filter.tag()));
        filter.sceneTags().forEach(tag -> must.add(term("sceneTags", tag)));
        filter.longTailTags().forEach(tag -> must.add(term("longTailTags", tag)));
        if (filter.attribute() != null) must.add(term("attributes." + filter.attribute().key(), filter.attribute().value()));
        if (filter.ingestedFrom() != null || filter.ingestedTo() != null) {
            must.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field("ingestedAt");
                if (filter.ingestedFrom() != null) d.gte(filter.ingestedFrom().toString());
                if (filter.ingestedTo() != null) d.lt(filter.ingestedTo().toString());
                return d;
            }))));
        }
        Query fullText = filter.q() == null || filter.q().isBlank() ? null
                : Query.of(q -> q.match(m -> m.field("text").query(filter.q()).operator(Operator.And)));
        Query query = Query.of(q -> q.bool(b -> {
            b.filter(must);
            if (fullText != null) b.must(fullText);
            return b;
        }));
        if (fullText == null) return pageWithCachedTotal(query, page);
        SearchResponse<Map> response = client.search(s -> s.index(index).ignoreUnavailable(true).allowNoIndices(true)
                .from(page.offset()).size(page.size()).trackTotalHits(t -> t.enabled(true)).query(query), Map.class);
        List<AssetView> items = response.hits().hits().stream().map(Hit::source).map(AssetSearchIndex::view).toList();
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        return new AssetSearchResponse(items, page.page(), page.size(), total);
    }

    /**
     * A page without full text (newest first, as the index is sorted on disk) and its total, as two searches in one
     * {@code _msearch} round trip. The page is read without counting, so Elasticsearch stops after offset + size
     * documents of each segment; the total is a size-0 search, which the shard request cache keeps until the index next
     * changes. Counting every match was most of what the unfiltered page over a million assets cost Elasticsearch (26 of
     * 33 ms at p50 with 8 clients; docs/performance.md).
     */
    @SuppressWarnings("rawtypes")
    private AssetSearchResponse pageWithCachedTotal(Query query, PageRequest page) throws IOException {
        MsearchResponse<Map> response = client.msearch(m -> m
                .searches(s -> s.header(h -> h.index(index).ignoreUnavailable(true).allowNoIndices(true))
                        .body(b -> b.query(query).from(page.offset()).size(page.size()).trackTotalHits(t -> t.enabled(false))
                                .sort(o -> o.field(f -> f.field("ingestedAt").order(SortOrder.Desc)))
                                .sort(o -> o.field(f -> f.field("assetId").order(SortOrder.Asc)))))
                .searches(s -> s.header(h -> h.index(index).ignoreUnavailable(true).allowNoIndices(true).requestCache(true))
                        .body(b -> b.query(query).size(0).trackTotalHits(t -> t.enabled(true)))), Map.class);
        MultiSearchResponseItem<Map> pageItem = response.responses().get(0);
        MultiSearchResponseItem<Map> countItem = response.responses().get(1);
        if (pageItem.isFailure()) throw new ElasticsearchException("msearch", pageItem.failure());
        if (countItem.isFailure()) throw new ElasticsearchException("msearch", countItem.failure());
        List<AssetView> items = pageItem.result().hits().hits().stream().map(Hit::source).map(AssetSearchIndex::view).toList();
        TotalHits total = countItem.result().hits().total();
        return new AssetSearchResponse(items, page.page(), page.size(), total == null ? items.size() : total.value());
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    @SuppressWarnings("unchecked")
    private static AssetView view(Map<String, Object> doc) {
        return new AssetView((String) doc.get("assetId"), (String) doc.get("sourceId"), (String) doc.get("ingestionTaskId"),
                (String) doc.get("storagePath"), ((Number) doc.get("sizeBytes")).longValue(), (String) doc.get("sha256"),
                Modality.valueOf((String) doc.get("modality")), (List<String>) doc.getOrDefault("sceneTags", List.of()),
                Instant.parse((String) doc.get("ingestedAt")), attributes(doc.get("attributes")),
                (List<String>) doc.getOrDefault("longTailTags", List.of()));
    }

    /** Documents indexed before attributes existed have none. */
    private static Map<String, String> attributes(Object stored) {
        if (!(stored instanceof Map<?, ?> map)) return Map.of();
        Map<String, String> attributes = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (value != null) attributes.put(String.valueOf(key), String.valueOf(value));
        });
        return attributes;
    }
}
