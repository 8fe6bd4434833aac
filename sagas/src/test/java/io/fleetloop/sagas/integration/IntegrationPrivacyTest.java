package io.fleetloop.sagas.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IntegrationPrivacyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final IntegrationPrivacy privacy = new IntegrationPrivacy("a key of sixteen or more".getBytes(StandardCharsets.UTF_8));

    @Test
    void identifiersAreHashedAndPositionsTruncatedAtAnyDepth() throws Exception {
        JsonNode data = JSON.readTree("""
                {"assetId":"a-1","attributes":{"vin":"WVWZZZ1JZXW000001","Plate_Number":"M-FL 4711","latitude":"48.137154",
                 "gps.longitude":11.576124,"driver":"kept"},
                 "assets":[{"attributes":{"VIN":"WVWZZZ1JZXW000001","lat":"-122.419416","lon":"not a number"}}]}""");

        privacy.protect(data);

        String hash = privacy.hash("WVWZZZ1JZXW000001");
        assertThat(hash).matches("h:[0-9a-f]{16}");
        assertThat(data.at("/attributes/vin").asText()).isEqualTo(hash);
        assertThat(data.at("/assets/0/attributes/VIN").asText()).as("the same value gives the same pseudonym").isEqualTo(hash);
        assertThat(data.at("/attributes/Plate_Number").asText()).isEqualTo(privacy.hash("M-FL 4711"));
        assertThat(data.at("/attributes/latitude").asText()).isEqualTo("48.13");
        assertThat(data.at("/attributes/gps.longitude").decimalValue()).isEqualByComparingTo("11.57");
        assertThat(data.at("/assets/0/attributes/lat").asText()).isEqualTo("-122.42");
        assertThat(data.at("/assets/0/attributes/lon").asText()).isEmpty();
        assertThat(data.at("/attributes/driver").asText()).isEqualTo("kept");
        assertThat(data.at("/assetId").asText()).isEqualTo("a-1");
        assertThat(data.toString()).doesNotContain("WVWZZZ1JZXW000001", "4711", "48.137154");
    }

    @Test
    void theKeyIsTheMaskingKeyOfTheDataFolderSoHashesJoinAcrossRestarts(@TempDir Path dataDir) {
        String first = IntegrationPrivacy.of("", dataDir).hash("WVWZZZ1JZXW000001");
        String again = IntegrationPrivacy.of(null, dataDir).hash("WVWZZZ1JZXW000001");

        assertThat(dataDir.resolve("security/masking-hash.key")).exists();
        assertThat(again).isEqualTo(first);
        assertThat(IntegrationPrivacy.of("another key of 16+ chars", dataDir).hash("WVWZZZ1JZXW000001")).isNotEqualTo(first);
    }
}
