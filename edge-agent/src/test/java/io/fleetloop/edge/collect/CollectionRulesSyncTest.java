package io.fleetloop.edge.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fleetloop.ddi.json.model.DdiCollectionRule;
import io.fleetloop.ddi.json.model.DdiCollectionRules;
import io.fleetloop.ddi.json.model.DdiCollectionRulesStatus;
import io.fleetloop.ddi.json.model.DdiCollectionTrigger;
import io.fleetloop.ddi.json.model.DdiCompression;
import io.fleetloop.ddi.json.model.DdiControllerBase;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.json.model.DdiLink;
import io.fleetloop.edge.ota.DdiAuth;
import io.fleetloop.edge.ota.DdiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's side of the rules resource, against a small HTTP server that speaks it (ETag, 304, status). */
class CollectionRulesSyncTest {

    private HttpServer server;
    private volatile DdiCollectionRules served;
    private volatile int failWith;
    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    private String rulesHref;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/acme/controller/v1/car-1/collection-rules", this::handle);
        server.start();
        rulesHref = "http://127.0.0.1:" + server.getAddress().getPort() + "/acme/controller/v1/car-1/collection-rules";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private volatile byte[] dictionary;
    private volatile String dictionaryEtag;
    private final List<String> dictionaryFetches = new CopyOnWriteArrayList<>();

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().contains("/dictionaries/")) {
                dictionaryFetches.add(exchange.getRequestURI().getPath().replaceAll(".*/", ""));
                if (dictionary == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().add("ETag", "\"" + dictionaryEtag + "\"");
                exchange.sendResponseHeaders(200, dictionary.length);
                exchange.getResponseBody().write(dictionary);
                return;
            }
            if (exchange.getRequestURI().getPath().endsWith("/status")) {
                reported.add(DdiJson.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        DdiCollectionRulesStatus.class).version());
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (failWith != 0) {
                exchange.sendResponseHeaders(failWith, -1);
                return;
            }
            String etag = "\"" + served.version() + "\"";
            String asked = exchange.getRequestHeaders().getFirst("If-None-Match");
            ifNoneMatch.add(String.valueOf(asked));
            exchange.getResponseHeaders().add("ETag", etag);
            if (etag.equals(asked)) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            byte[] body = DdiJson.write(served);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static DdiCollectionRules rules(String version, String expression) {
        return new DdiCollectionRules(version, List.of(new DdiCollectionRule("flow-1", "swerves",
                new DdiCollectionTrigger(List.of("EXPRESSION"), expression, 10.0, 5.0, 6), new DdiCompression("zstd", 19, null, 50.0),
                "edge/swerves")));
    }

    private static DdiCollectionRules withDictionary(String version, String dictionaryId) {
        return new DdiCollectionRules(version, List.of(new DdiCollectionRule("flow-1", "swerves",
                new DdiCollectionTrigger(List.of("TAKEOVER"), null, 10.0, 5.0, 6), new DdiCompression("zstd", 19, dictionaryId, 50.0),
                "edge/swerves")));
    }

    @Test
    void aNamedDictionaryIsFetchedOnceCheckedAgainstItsEtagAndAFailedFetchKeepsTheRunningRules() throws Exception {
        DdiClient ddi = new DdiClient(DdiClient.newHttpClient(), URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "acme",
                DdiAuth.targetToken("t"));
        CollectionRulesSync sync = new CollectionRulesSync(ddi, "car-1", new RuleEvaluator());
        DdiControllerBase base = new DdiControllerBase(null, Map.of("collectionRules", new DdiLink(rulesHref)));
        io.fleetloop.formats.segment.SegmentDictionary trained;
        try (SignalSource drive = SimulatedDrive.of(1_700_000_000L, 60, 5, 0)) {
            trained = DictionaryTraining.train(drive, io.fleetloop.formats.synthetic.SyntheticDrive.dbcFile(), 1, 4096, 3, 4).dictionary();
        }
        served = rules("v1", "speed > 20.0");
        assertThat(sync.onPoll(base)).isTrue();

        // The dictionary's bytes do not match the ETag: the running rules stay, nothing reported.
        dictionary = trained.bytes();
        dictionaryEtag = "0".repeat(64);
        served = withDictionary("v2", "dict-a");
        assertThat(sync.onPoll(base)).isFalse();
        assertThat(sync.version()).isEqualTo("v1");
        assertThat(sync.lastError()).contains("ETag");
        assertThat(reported).containsExactly("v1");

        dictionaryEtag = ClipWriter.sha256(dictionary);
        assertThat(sync.onPoll(base)).isTrue();
        assertThat(sync.version()).isEqualTo("v2");
        assertThat(sync.rules().get(0).dictionary().id()).isEqualTo(trained.id());
        assertThat(TriggerEngine.Rule.of(sync.rules().get(0)).dictionaryId()).isEqualTo("dict-a");

        // Cached by asset id: new rules naming the same dictionary do not download it again.
        served = new DdiCollectionRules("v3", List.of(withDictionary("v3", "dict-a").rules().get(0),
                new DdiCollectionRule("flow-2", "brakes", new DdiCollectionTrigger(List.of("HARD_BRAKING"), null, 5.0, 5.0, 6),
                        new DdiCompression("zstd", 3, null, 50.0), "edge/brakes")));
        assertThat(sync.onPoll(base)).isTrue();
        assertThat(dictionaryFetches).containsExactly("dict-a", "dict-a");
        assertThat(sync.rules().get(1).dictionary()).isNull();
        assertThat(reported).containsExactly("v1", "v2", "v3");
    }

    @Test
    void rulesAreFetchedOnlyWhenTheirVersionChangesAndTheRunningVersionIsReported() throws Exception {
        DdiClient ddi = new DdiClient(DdiClient.newHttpClient(), URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "acme",
                DdiAuth.targetToken("t"));
        CollectionRulesSync sync = new CollectionRulesSync(ddi, "car-1", new RuleEvaluator());
        DdiControllerBase base = new DdiControllerBase(null, Map.of("collectionRules", new DdiLink(rulesHref)));
        served = rules("v1", "speed > 20.0 && abs(yaw_rate) > 0.5");

        assertThat(sync.onPoll(base)).isTrue();
        assertThat(sync.version()).isEqualTo("v1");
        assertThat(sync.rules()).hasSize(1);
        assertThat(sync.rules().get(0).expressionFires(Map.of("speed", 25.0, "yaw_rate", 0.9))).isTrue();
        assertThat(sync.rules().get(0).expressionFires(Map.of("speed", 25.0, "yaw_rate", 0.1))).isFalse();
        assertThat(reported).containsExactly("v1");

        assertThat(sync.onPoll(base)).isFalse();
        assertThat(ifNoneMatch).containsExactly("null", "\"v1\"");
        assertThat(reported).containsExactly("v1");

        served = rules("v2", "speed > 30");
        assertThat(sync.onPoll(base)).isTrue();
        assertThat(sync.rules().get(0).expressionFires(Map.of("speed", 25.0))).isFalse();
        assertThat(reported).containsExactly("v1", "v2");

        failWith = 500;
        assertThat(sync.onPoll(base)).isFalse();
        assertThat(sync.version()).isEqualTo("v2");
        assertThat(sync.rules()).hasSize(1);
        assertThat(sync.lastError()).isNotBlank();

        assertThat(sync.onPoll(new DdiControllerBase(null, Map.of()))).isFalse();
    }
}
