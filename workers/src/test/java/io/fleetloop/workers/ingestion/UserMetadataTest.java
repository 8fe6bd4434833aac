package io.fleetloop.workers.ingestion;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UserMetadataTest {

    @Test
    void userMetadataHeadersBecomeLowerCasedAttributesWithoutThePrefix() {
        Map<String, String> attributes = UserMetadata.attributes(Map.of(
                "X-Amz-Meta-VIN", List.of("WVWZZZ1JZXW000001"),
                "x-amz-meta-latitude", List.of("48.137154"),
                "content-type", List.of("application/octet-stream"),
                "etag", List.of("\"abc\"")));
        assertThat(attributes).containsExactlyInAnyOrderEntriesOf(Map.of("vin", "WVWZZZ1JZXW000001", "latitude", "48.137154"));
    }

    @Test
    void noUserMetadataIsAnEmptyMap() {
        assertThat(UserMetadata.attributes(Map.of("content-length", List.of("10")))).isEmpty();
    }

    @Test
    void tooLongKeysAndValuesAreIgnored() {
        Map<String, String> attributes = UserMetadata.attributes(Map.of(
                "x-amz-meta-" + "k".repeat(65), List.of("v"),
                "x-amz-meta-" + "k".repeat(64), List.of("kept"),
                "x-amz-meta-long", List.of("v".repeat(1025)),
                "x-amz-meta-fits", List.of("v".repeat(1024)),
                "x-amz-meta-", List.of("no key")));
        assertThat(attributes).containsOnlyKeys("k".repeat(64), "fits");
    }

    @Test
    void atMostThirtyTwoAttributesAreKeptTheFirstByKey() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 40; i > 0; i--) headers.put("x-amz-meta-key" + (100 + i), List.of("v" + i));
        Map<String, String> attributes = UserMetadata.attributes(headers);
        assertThat(attributes).hasSize(32).containsKeys("key101", "key132").doesNotContainKey("key133");
    }
}
