package io.fleetloop.query.governance.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskingEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = "a-test-key-of-sufficient-length".getBytes(StandardCharsets.UTF_8);
    private static final String VIN = "WVWZZZ1JZXW000001";

    private final MaskingEngine defaults = new MaskingEngine(MaskingRule.DEFAULTS, null);

    // --- strategies ---

    @Test
    void maskHidesAllButTheLastCharacters() {
        JsonNode masked = mask(engine(MaskingRule.mask("vin", List.of("vin"), 4, 50)), "{\"vin\":\"" + VIN + "\"}", 0);
        assertThat(masked.get("vin").asText()).isEqualTo("*************0001");
    }

    @Test
    void maskWithKeepLastZeroHidesEverythingButTheLength() {
        JsonNode masked = mask(engine(MaskingRule.mask("plate", List.of("plate"), 0, 60)), "{\"plate\":\"B-FL 123\"}", 0);
        assertThat(masked.get("plate").asText()).isEqualTo("********");
    }

    @Test
    void maskHidesAShortValueEntirelyRatherThanShowingItAll() {
        JsonNode masked = mask(engine(MaskingRule.mask("vin", List.of("vin"), 4, 50)), "{\"vin\":\"AB1\"}", 0);
        assertThat(masked.get("vin").asText()).isEqualTo("***");
    }

    @Test
    void maskCountsCharactersNotUtf16Units() {
        assertThat(MaskingEngine.maskText("ü😀ab", 2)).isEqualTo("**ab");
    }

    @Test
    void maskTurnsANumberIntoMaskedText() {
        JsonNode masked = mask(engine(MaskingRule.mask("odo", List.of("odometer"), 2, 50)), "{\"odometer\":123456}", 0);
        assertThat(masked.get("odometer").isTextual()).isTrue();
        assertThat(masked.get("odometer").asText()).isEqualTo("****56");
    }

    @Test
    void hashIsAPrefixedHmacPrefixThatIsStableForTheSameKey() {
        MaskingRule rule = MaskingRule.hash("vin", List.of("vin"), 50);
        String once = mask(new MaskingEngine(List.of(rule), KEY), "{\"vin\":\"" + VIN + "\"}", 0).get("vin").asText();
        String again = mask(new MaskingEngine(List.of(rule), KEY.clone()), "{\"vin\":\"" + VIN + "\"}", 0).get("vin").asText();

        assertThat(once).matches("h:[0-9a-f]{16}").isEqualTo(again);
    }

    @Test
    void hashIsTheKnownHmacSha256OfTheValue() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = "h:" + HexFormat.of().formatHex(mac.doFinal(VIN.getBytes(StandardCharsets.UTF_8))).substring(0, 16);

        MaskingEngine engine = new MaskingEngine(List.of(MaskingRule.hash("vin", List.of("vin"), 50)), KEY);

        assertThat(mask(engine, "{\"vin\":\"" + VIN + "\"}", 0).get("vin").asText()).isEqualTo(expected);
    }

    @Test
    void hashDiffersBetweenKeysAndBetweenValues() {
        MaskingRule rule = MaskingRule.hash("vin", List.of("vin"), 50);
        MaskingEngine engine = new MaskingEngine(List.of(rule), KEY);
        MaskingEngine otherInstallation = new MaskingEngine(List.of(rule), "another-installation-key".getBytes(StandardCharsets.UTF_8));

        String a = mask(engine, "{\"vin\":\"" + VIN + "\"}", 0).get("vin").asText();
        String b = mask(engine, "{\"vin\":\"WVWZZZ1JZXW000002\"}", 0).get("vin").asText();
        String c = mask(otherInstallation, "{\"vin\":\"" + VIN + "\"}", 0).get("vin").asText();

        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void hashIsTheSameForJsonAndPlainDataSoValuesStayJoinableAcrossChannels() {
        MaskingEngine engine = new MaskingEngine(List.of(MaskingRule.hash("vin", List.of("vin"), 50)), KEY);
        String fromJson = mask(engine, "{\"vin\":\"" + VIN + "\"}", 0).get("vin").asText();
        Object fromMap = ((Map<?, ?>) engine.mask(Map.of("vin", VIN), 0)).get("vin");

        assertThat(fromMap).isEqualTo(fromJson);
    }

    @Test
    void hashRulesNeedAKey() {
        assertThatThrownBy(() -> new MaskingEngine(List.of(MaskingRule.hash("vin", List.of("vin"), 50)), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash key");
    }

    @Test
    void truncateRoundsNumbersDownAndKeepsThemNumbers() {
        JsonNode masked = mask(defaults, "{\"latitude\":37.774929,\"longitude\":-122.419416}", 0);

        assertThat(masked.get("latitude").isNumber()).isTrue();
        assertThat(masked.get("latitude").doubleValue()).isEqualTo(37.77);
        assertThat(masked.get("longitude").doubleValue()).isEqualTo(-122.42);
    }

    @Test
    void truncateRoundsNumericStringsDownAndKeepsThemStrings() {
        JsonNode masked = mask(defaults, "{\"lat\":\"48.137154\",\"lon\":\"-11.576124\"}", 0);

        assertThat(masked.get("lat").isTextual()).isTrue();
        assertThat(masked.get("lat").asText()).isEqualTo("48.13");
        assertThat(masked.get("lon").asText()).isEqualTo("-11.58");
    }

    @Test
    void truncateLeavesIntegersAndShortDecimalsAsTheyAre() {
        JsonNode masked = mask(defaults, "{\"lat\":48,\"lon\":11.5,\"lng\":\"11.5\"}", 0);

        assertThat(masked.get("lat").isIntegralNumber()).isTrue();
        assertThat(masked.get("lat").intValue()).isEqualTo(48);
        assertThat(masked.get("lon").doubleValue()).isEqualTo(11.5);
        assertThat(masked.get("lng").asText()).isEqualTo("11.5");
    }

    @Test
    void truncateKeepsTheNumberTypeOfPlainData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lat", 48.137154);
        data.put("lon", 11.576124f);
        data.put("lng", new BigDecimal("11.576124"));

        Map<?, ?> masked = (Map<?, ?>) defaults.mask(data, 0);

        assertThat(masked.get("lat")).isEqualTo(48.13);
        assertThat(masked.get("lon")).isEqualTo(11.57f);
        assertThat(masked.get("lng")).isEqualTo(new BigDecimal("11.57"));
    }

    @Test
    void truncateCutsOtherTextAndMarksTheCut() {
        MaskingEngine engine = engine(new MaskingRule("owner", List.of("owner"), MaskingStrategy.TRUNCATE, 90, null, null, 3));

        assertThat(mask(engine, "{\"owner\":\"Erika Mustermann\"}", 0).get("owner").asText()).isEqualTo("Eri…");
        assertThat(mask(engine, "{\"owner\":\"Eri\"}", 0).get("owner").asText()).isEqualTo("Eri");
    }

    @Test
    void truncateWithMoreDecimals() {
        MaskingEngine engine = engine(MaskingRule.truncate("gps", List.of("lat"), 4, 50));

        assertThat(mask(engine, "{\"lat\":37.774929}", 0).get("lat").doubleValue()).isEqualTo(37.7749);
    }

    @Test
    void redactReplacesTheValueWithNull() {
        JsonNode masked = mask(engine(MaskingRule.redact("vin", List.of("vin"), 90)), "{\"vin\":\"" + VIN + "\",\"other\":1}", 0);

        assertThat(masked.has("vin")).isTrue();
        assertThat(masked.get("vin").isNull()).isTrue();
        assertThat(masked.get("other").intValue()).isEqualTo(1);
    }

    @Test
    void redactOfAnObjectRemovesTheWholeObject() {
        JsonNode masked = mask(engine(MaskingRule.redact("gps", List.of("gps"), 90)), "{\"gps\":{\"lat\":1.5,\"lon\":2.5}}", 0);

        assertThat(masked.get("gps").isNull()).isTrue();
    }

    @Test
    void aRuleOnAnObjectAppliesToEveryValueInside() {
        JsonNode masked = mask(engine(MaskingRule.mask("owner", List.of("owner"), 0, 90)),
                "{\"owner\":{\"name\":\"Erika\",\"phones\":[\"0151\",\"0170\"]}}", 0);

        assertThat(masked.at("/owner/name").asText()).isEqualTo("*****");
        assertThat(masked.at("/owner/phones/1").asText()).isEqualTo("****");
    }

    @Test
    void nullValuesStayNull() {
        JsonNode masked = mask(defaults, "{\"vin\":null,\"lat\":null}", 0);

        assertThat(masked.get("vin").isNull()).isTrue();
        assertThat(masked.get("lat").isNull()).isTrue();
    }

    // --- matching ---

    @Test
    void fieldsMatchAtAnyDepthAndInsideArrays() {
        String json = """
                {"events":[{"sequenceNumber":0,"payload":{"attributes":{"vin":"%s","latitude":"37.774929"}}},
                           {"sequenceNumber":1,"payload":{"track":[{"lat":1.23456},{"lat":2.34567}]}}]}""".formatted(VIN);

        JsonNode masked = mask(defaults, json, 0);

        assertThat(masked.at("/events/0/payload/attributes/vin").asText()).isEqualTo("*************0001");
        assertThat(masked.at("/events/0/payload/attributes/latitude").asText()).isEqualTo("37.77");
        assertThat(masked.at("/events/1/payload/track/0/lat").doubleValue()).isEqualTo(1.23);
        assertThat(masked.at("/events/1/payload/track/1/lat").doubleValue()).isEqualTo(2.34);
        assertThat(masked.at("/events/1/sequenceNumber").intValue()).isEqualTo(1);
    }

    @Test
    void aTopLevelArrayIsWalked() {
        JsonNode masked = mask(defaults, "[{\"vin\":\"" + VIN + "\"},{\"vin\":\"" + VIN + "\"}]", 0);

        assertThat(masked.at("/1/vin").asText()).isEqualTo("*************0001");
    }

    @Test
    void anArrayUnderAMatchedKeyHasEachElementMasked() {
        JsonNode masked = mask(defaults, "{\"vin\":[\"" + VIN + "\",\"WVWZZZ1JZXW000002\"]}", 0);

        assertThat(masked.at("/vin/0").asText()).isEqualTo("*************0001");
        assertThat(masked.at("/vin/1").asText()).isEqualTo("*************0002");
    }

    @Test
    void namesMatchIgnoringCaseUnderscoresAndDashes() {
        JsonNode masked = mask(defaults, """
                {"VIN":"%s","Plate_Number":"B-FL 123","license-plate":"M-AB 1","LicensePlate":"K-X 9","Latitude":1.2345}"""
                .formatted(VIN), 0);

        assertThat(masked.get("VIN").asText()).isEqualTo("*************0001");
        assertThat(masked.get("Plate_Number").asText()).isEqualTo("********");
        assertThat(masked.get("license-plate").asText()).isEqualTo("******");
        assertThat(masked.get("LicensePlate").asText()).isEqualTo("*****");
        assertThat(masked.get("Latitude").doubleValue()).isEqualTo(1.23);
    }

    @Test
    void namesAreWholeSegmentsNotSubstrings() {
        JsonNode masked = mask(defaults, "{\"vinyl\":\"record\",\"plateau\":\"high\",\"latency\":12.3456,\"vinCount\":3}", 0);

        assertThat(masked.get("vinyl").asText()).isEqualTo("record");
        assertThat(masked.get("plateau").asText()).isEqualTo("high");
        assertThat(masked.get("latency").doubleValue()).isEqualTo(12.3456);
        assertThat(masked.get("vinCount").intValue()).isEqualTo(3);
    }

    @Test
    void aDottedFieldMatchesOnlyThatPathSuffix() {
        MaskingEngine engine = engine(MaskingRule.redact("home", List.of("home.latitude"), 90));

        JsonNode masked = mask(engine, """
                {"home":{"latitude":1.5},"trip":{"home":{"latitude":2.5}},"work":{"latitude":3.5},"latitude":4.5}""", 0);

        assertThat(masked.at("/home/latitude").isNull()).isTrue();
        assertThat(masked.at("/trip/home/latitude").isNull()).isTrue();
        assertThat(masked.at("/work/latitude").doubleValue()).isEqualTo(3.5);
        assertThat(masked.get("latitude").doubleValue()).isEqualTo(4.5);
    }

    @Test
    void aDottedFieldMatchesThroughArraysAndDottedKeys() {
        MaskingEngine engine = engine(MaskingRule.redact("home", List.of("home.latitude"), 90));

        JsonNode masked = mask(engine, "{\"home\":[{\"latitude\":1.5}],\"attributes\":{\"home.latitude\":\"2.5\"}}", 0);

        assertThat(masked.at("/home/0/latitude").isNull()).isTrue();
        assertThat(masked.at("/attributes/home.latitude").isNull()).isTrue();
    }

    @Test
    void aDottedKeyMatchesARuleOnItsLastName() {
        JsonNode masked = mask(defaults, "{\"attributes\":{\"vehicle.vin\":\"" + VIN + "\"}}", 0);

        assertThat(masked.at("/attributes/vehicle.vin").asText()).isEqualTo("*************0001");
    }

    @Test
    void whereRulesOverlapTheOneThatHidesMostApplies() {
        MaskingEngine engine = engine(MaskingRule.truncate("gps", List.of("gps"), 1, 90),
                MaskingRule.mask("lat", List.of("gps.lat"), 0, 50));

        JsonNode below = mask(engine, "{\"gps\":{\"lat\":1.2345,\"lon\":2.3456}}", 40);
        JsonNode between = mask(engine, "{\"gps\":{\"lat\":1.2345,\"lon\":2.3456}}", 60);

        assertThat(below.at("/gps/lat").asText()).isEqualTo("******");
        assertThat(below.at("/gps/lon").doubleValue()).isEqualTo(2.3);
        // Clear for the lat rule, but the gps rule still covers lat for this level.
        assertThat(between.at("/gps/lat").doubleValue()).isEqualTo(1.2);
        assertThat(between.at("/gps/lon").doubleValue()).isEqualTo(2.3);
    }

    // --- levels ---

    @Test
    void belowTheMinLevelTheValueIsMasked() {
        assertThat(mask(defaults, "{\"vin\":\"" + VIN + "\"}", 49).get("vin").asText()).isEqualTo("*************0001");
        assertThat(mask(defaults, "{\"plate\":\"B-FL 123\"}", 59).get("plate").asText()).isEqualTo("********");
    }

    @Test
    void atTheMinLevelTheValueIsClear() {
        assertThat(mask(defaults, "{\"vin\":\"" + VIN + "\",\"lat\":1.2345}", 50).get("vin").asText()).isEqualTo(VIN);
        assertThat(mask(defaults, "{\"lat\":1.2345}", 50).get("lat").doubleValue()).isEqualTo(1.2345);
        assertThat(mask(defaults, "{\"plate\":\"B-FL 123\"}", 60).get("plate").asText()).isEqualTo("B-FL 123");
    }

    @Test
    void aboveTheMinLevelTheValueIsClear() {
        JsonNode clear = mask(defaults, "{\"vin\":\"" + VIN + "\",\"plate\":\"B-FL 123\",\"lat\":1.2345}", 100);

        assertThat(clear.get("vin").asText()).isEqualTo(VIN);
        assertThat(clear.get("plate").asText()).isEqualTo("B-FL 123");
        assertThat(clear.get("lat").doubleValue()).isEqualTo(1.2345);
    }

    @Test
    void aCallersLevelIsTheHighestOfTheirRolesAndNoCallerIsLevelZero() {
        assertThat(MaskingEngine.levelOf(new Caller("alice", "acme", Set.of("QC_REVIEWER", "data-engineer")))).isEqualTo(50);
        assertThat(MaskingEngine.levelOf(new Caller("bob", "acme", Set.of("unknown")))).isZero();
        assertThat(MaskingEngine.levelOf(null)).isZero();
    }

    @Test
    void aDataEngineerSeesVinAndGpsButNotPlates() {
        int dataEngineer = MaskingEngine.levelOf(new Caller("alice", "acme", Set.of("DATA_ENGINEER")));

        JsonNode masked = mask(defaults, "{\"vin\":\"" + VIN + "\",\"plate\":\"B-FL 123\",\"lat\":1.2345}", dataEngineer);

        assertThat(masked.get("vin").asText()).isEqualTo(VIN);
        assertThat(masked.get("lat").doubleValue()).isEqualTo(1.2345);
        assertThat(masked.get("plate").asText()).isEqualTo("********");
    }

    // --- plain data (GraphQL results) ---

    @Test
    void plainMapsAndListsAreMaskedAsACopy() {
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("assetId", "a-1");
        asset.put("attributes", new LinkedHashMap<>(Map.of("vin", VIN, "latitude", 37.774929)));
        Map<String, Object> data = Map.of("assets", Map.of("items", new ArrayList<>(List.of(asset)), "total", 1));

        @SuppressWarnings("unchecked")
        Map<String, Map<String, List<Map<String, Map<String, Object>>>>> masked =
                (Map<String, Map<String, List<Map<String, Map<String, Object>>>>>) defaults.mask(data, 0);

        Map<String, Object> attributes = masked.get("assets").get("items").get(0).get("attributes");
        assertThat(attributes).containsEntry("vin", "*************0001").containsEntry("latitude", 37.77);
        assertThat(((Map<?, ?>) asset.get("attributes")).get("vin")).as("the input is untouched").isEqualTo(VIN);
    }

    @Test
    void plainNullsAndUnmatchedValuesPassThrough() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("vin", null);
        data.put("total", 3L);
        data.put("flags", List.of(true, false));

        assertThat(defaults.mask(data, 0)).isEqualTo(data);
    }

    // --- defaults and switches ---

    @Test
    void theDefaultsCoverVinGpsAndPlates() {
        assertThat(MaskingRule.DEFAULTS).extracting(MaskingRule::name).containsExactly("vin", "gps", "plate");
        assertThat(MaskingRule.DEFAULTS.get(0)).satisfies(vin -> {
            assertThat(vin.strategy()).isEqualTo(MaskingStrategy.MASK);
            assertThat(vin.keepLast()).isEqualTo(4);
            assertThat(vin.minLevel()).isEqualTo(50);
        });
        assertThat(MaskingRule.DEFAULTS.get(1)).satisfies(gps -> {
            assertThat(gps.field()).contains("latitude", "longitude", "lat", "lon", "lng");
            assertThat(gps.strategy()).isEqualTo(MaskingStrategy.TRUNCATE);
            assertThat(gps.decimals()).isEqualTo(2);
            assertThat(gps.minLevel()).isEqualTo(50);
        });
        assertThat(MaskingRule.DEFAULTS.get(2)).satisfies(plate -> {
            assertThat(plate.field()).contains("plate", "plateNumber", "licensePlate");
            assertThat(plate.strategy()).isEqualTo(MaskingStrategy.MASK);
            assertThat(plate.minLevel()).isEqualTo(60);
        });
    }

    @Test
    void aDisabledEngineLeavesEverythingClear() {
        MaskingEngine disabled = MaskingEngine.disabled();

        assertThat(disabled.enabled()).isFalse();
        assertThat(mask(disabled, "{\"vin\":\"" + VIN + "\"}", 0).get("vin").asText()).isEqualTo(VIN);
    }

    @Test
    void aScalarTreeHasNoKeyAndStaysAsItIs() {
        assertThat(defaults.mask(JSON.getNodeFactory().textNode(VIN), 0).asText()).isEqualTo(VIN);
    }

    private static MaskingEngine engine(MaskingRule... rules) {
        return new MaskingEngine(List.of(rules), KEY);
    }

    private static JsonNode mask(MaskingEngine engine, String json, int level) {
        try {
            return engine.mask(JSON.readTree(json), level);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
