package io.fleetloop.projections.diagnosis;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.diagnosis.FirmwareRange;
import io.fleetloop.api.diagnosis.KnowledgeContent;
import io.fleetloop.api.diagnosis.KnowledgeEntriesResponse;
import io.fleetloop.api.diagnosis.KnowledgeEntryView;
import io.fleetloop.projections.search.SearchProperties;
import jakarta.annotation.PostConstruct;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The knowledge-base index in Elasticsearch: one document per entry (id = entry id, so writes are idempotent) with
 * the text fields for BM25, the entry's embedding as a {@code dense_vector} (384, cosine) for kNN, and the hard-filter
 * fields: tenant, platforms, retired, and the firmware range as numeric version keys {@code firmwareMin} (inclusive)
 * and {@code firmwareMax} (exclusive). Both retrieval lists run with the same filter inside Elasticsearch, so an entry
 * for another platform or firmware is never a candidate.
 */
@Component
public class KnowledgeIndex {

    private static final String MAPPING = """
            {"dynamic": "strict", "properties": {
              "entryId": {"type": "keyword"}, "tenantId": {"type": "keyword"}, "version": {"type": "integer"},
              "errorCode": {"type": "keyword", "fields": {"text": {"type": "text"}}},
              "title": {"type": "text"}, "symptoms": {"type": "text"}, "causes": {"type": "text"}, "fixes": {"type": "text"},
              "vehiclePlatforms": {"type": "keyword"}, "firmwareRange": {"type": "keyword"},
              "firmwareMin": {"type": "long"}, "firmwareMax": {"type": "long"}, "retired": {"type": "boolean"},
              "updatedBy": {"type": "keyword"}, "updatedAt": {"type": "date"},
              "embedding": {"type": "dense_vector", "dims": 384, "index": true, "similarity": "cosine"}}}""";

    /** One ranked list of a retrieval: entry ids best first with their scores, and the documents. */
    public record Ranked(String entryId, double score, KnowledgeEntryView entry) {
    }

    /** The hard filter of a retrieval: the tenant's live entries, of the platform and firmware when given. */
    public record Filter(String tenantId, String vehiclePlatform, Long firmwareKey) {
        public String describe() {
            return "tenantId=" + tenantId + ", retired=false"
                    + (vehiclePlatform == null ? "" : ", vehiclePlatforms∋" + vehiclePlatform)
                    + (firmwareKey == null ? "" : ", firmwareMin≤" + firmwareKey + "<firmwareMax");
        }
    }

    private final ElasticsearchClient client;
    private final KnowledgeEmbedder embedder;
    private final String index;
    private volatile boolean ready;

    KnowledgeIndex(ElasticsearchClient client, KnowledgeEmbedder embedder, SearchProperties properties) {
        this.client = client;
        this.embedder = embedder;
        this.index = properties.indexPrefix() + "-knowledge";
    }

    @PostConstruct
    void createAtStart() {
        try {
            ensureIndex();
            client.cluster().health(h -> h.index(index).waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("30s")));
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(KnowledgeIndex.class).warn("Search index {} not ready at start: {}", index, e.toString());
        }
    }

    public String indexName() {
        return index;
    }

    void ensureIndex() throws IOException {
        if (ready) return;
        if (!client.indices().exists(e -> e.index(index)).value()) {
            try {
                client.indices().create(c -> c.index(index).settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                        .mappings(m -> m.withJson(new StringReader(MAPPING))));
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) throw e;
            }
        }
        ready = true;
    }

    void dropIndex() throws IOException {
        ready = false;
        if (client.indices().exists(e -> e.index(index)).value()) client.indices().delete(d -> d.index(index));
    }

    /** Writes an entry's current version (embedding its text) and makes it searchable at once. */
    void put(String entryId, String tenantId, int version, KnowledgeContent content, String by, Instant at) {
        FirmwareRange range = FirmwareRange.parse(content.firmwareRange()).range();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("entryId", entryId);
        doc.put("tenantId", tenantId);
        doc.put("version", version);
        doc.put("errorCode", content.errorCode());
        doc.put("title", content.title());
        doc.put("symptoms", content.symptoms());
        doc.put("causes", content.causes());
        doc.put("fixes", content.fixes());
        doc.put("vehiclePlatforms", content.vehiclePlatforms());
        doc.put("firmwareRange", content.firmwareRange());
        doc.put("firmwareMin", range == null ? 0 : range.minKey());
        doc.put("firmwareMax", range == null ? FirmwareRange.ANY_MAX : range.maxKeyExclusive());
        doc.put("retired", false);
        doc.put("updatedBy", by);
        doc.put("updatedAt", at.toString());
        doc.put("embedding", embedder.embed(embeddingText(content)));
        try {
            ensureIndex();
            client.index(i -> i.index(index).id(entryId).document(doc).refresh(Refresh.True));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void retire(String entryId, int version, String by, Instant at) {
        Map<String, Object> partial = Map.of("retired", true, "version", version, "updatedBy", by == null ? "" : by,
                "updatedAt", at.toString());
        try {
            ensureIndex();
            client.update(u -> u.index(index).id(entryId).doc(partial).refresh(Refresh.True), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text the entry's vector stands for: what a symptom description or an error code would be compared with. */
    public static String embeddingText(KnowledgeContent content) {
        return content.errorCode() + " " + content.title() + ". " + content.symptoms() + " " + nullToEmpty(content.causes())
                + " " + content.fixes();
    }

    public List<Float> embed(String text) {
        return embedder.embed(text);
    }

    /** BM25 over code, title, symptoms, causes and fixes, within the hard filter. */
    public List<Ranked> textSearch(String queryText, Filter filter, int size) throws IOException {
        Query match = Query.of(q -> q.multiMatch(m -> m.query(queryText).type(TextQueryType.BestFields).tieBreaker(0.3)
                .fields("errorCode.text^3", "title^2", "symptoms^1.5", "causes", "fixes")));
        SearchResponse<Map> response = client.search(s -> s.index(index).ignoreUnavailable(true).allowNoIndices(true).size(size)
                .source(src -> src.filter(f -> f.excludes("embedding")))
                .query(q -> q.bool(b -> b.filter(filterQueries(filter)).must(match))), Map.class);
        return ranked(response);
    }

    /** Approximate kNN (cosine) on the query's embedding, within the same hard filter (a pre-filter, not a post-filter). */
    public List<Ranked> vectorSearch(List<Float> queryVector, Filter filter, int size) throws IOException {
        SearchResponse<Map> response = client.search(s -> s.index(index).ignoreUnavailable(true).allowNoIndices(true).size(size)
                .source(src -> src.filter(f -> f.excludes("embedding")))
                .knn(k -> k.field("embedding").queryVector(queryVector).k(size).numCandidates(Math.max(100, size * 4))
                        .filter(filterQueries(filter))), Map.class);
        return ranked(response);
    }

    public Optional<KnowledgeEntryView> find(String tenantId, String entryId) throws IOException {
        var response = client.get(g -> g.index(index).id(entryId).sourceExcludes("embedding"), Map.class);
        if (!response.found()) return Optional.empty();
        @SuppressWarnings("unchecked") Map<String, Object> doc = response.source();
        if (!tenantId.equals(doc.get("tenantId"))) return Optional.empty();
        return Optional.of(view(doc));
    }

    public KnowledgeEntriesResponse list(String tenantId, String errorCode, String platform, boolean includeRetired, PageRequest page)
            throws IOException {
        List<Query> filters = new ArrayList<>();
        filters.add(term("tenantId", tenantId));
        if (!includeRetired) filters.add(Query.of(q -> q.term(t -> t.field("retired").value(false))));
        if (errorCode != null && !errorCode.isBlank()) filters.add(term("errorCode", errorCode));
        if (platform != null && !platform.isBlank()) filters.add(term("vehiclePlatforms", platform));
        SearchResponse<Map> response = client.search(s -> s.index(index).ignoreUnavailable(true).allowNoIndices(true)
                .from(page.offset()).size(page.size()).trackTotalHits(t -> t.enabled(true))
                .source(src -> src.filter(f -> f.excludes("embedding")))
                .query(q -> q.bool(b -> b.filter(filters)))
                .sort(o -> o.field(f -> f.field("errorCode").order(SortOrder.Asc)))
                .sort(o -> o.field(f -> f.field("entryId").order(SortOrder.Asc))), Map.class);
        List<KnowledgeEntryView> items = response.hits().hits().stream().map(Hit::source).map(KnowledgeIndex::view).toList();
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        return new KnowledgeEntriesResponse(items, page.page(), page.size(), total);
    }

    private static List<Query> filterQueries(Filter filter) {
        List<Query> must = new ArrayList<>();
        must.add(term("tenantId", filter.tenantId()));
        must.add(Query.of(q -> q.term(t -> t.field("retired").value(false))));
        if (filter.vehiclePlatform() != null) must.add(term("vehiclePlatforms", filter.vehiclePlatform()));
        if (filter.firmwareKey() != null) {
            long key = filter.firmwareKey();
            must.add(Query.of(q -> q.range(r -> r.number(n -> n.field("firmwareMin").lte((double) key)))));
            must.add(Query.of(q -> q.range(r -> r.number(n -> n.field("firmwareMax").gt((double) key)))));
        }
        return must;
    }

    @SuppressWarnings("unchecked")
    private static List<Ranked> ranked(SearchResponse<Map> response) {
        List<Ranked> ranked = new ArrayList<>();
        for (Hit<Map> hit : response.hits().hits()) {
            ranked.add(new Ranked(hit.id(), hit.score() == null ? 0 : hit.score(), view(hit.source())));
        }
        return ranked;
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    @SuppressWarnings("unchecked")
    private static KnowledgeEntryView view(Map<String, Object> doc) {
        KnowledgeContent content = new KnowledgeContent((String) doc.get("errorCode"), (String) doc.get("title"),
                (String) doc.get("symptoms"), (String) doc.get("causes"), (String) doc.get("fixes"),
                (List<String>) doc.getOrDefault("vehiclePlatforms", List.of()), (String) doc.get("firmwareRange"));
        Object at = doc.get("updatedAt");
        return new KnowledgeEntryView((String) doc.get("entryId"), ((Number) doc.get("version")).intValue(), content,
                Boolean.TRUE.equals(doc.get("retired")), (String) doc.get("updatedBy"), at == null ? null : Instant.parse((String) at));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
