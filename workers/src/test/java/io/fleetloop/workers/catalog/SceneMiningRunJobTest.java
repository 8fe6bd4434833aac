package io.fleetloop.workers.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneMiningAsset;
import io.fleetloop.api.catalog.SceneMiningJobId;
import io.fleetloop.api.catalog.SceneMiningRequestedEvent;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.api.catalog.SceneMiningRunJob;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queued request of a scene-mining run, as the scheduler stores it: small now, and as earlier versions queued it. */
class SceneMiningRunJobTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final SceneMiningJobId JOB = new SceneMiningJobId("job-1");
    private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");

    private static SceneMiningRequestedEvent requested(int assets) {
        List<SceneMiningAsset> listed = IntStream.range(0, assets)
                .mapToObj(i -> new SceneMiningAsset(new AssetId("acme:asset-" + i), "s3://fleetloop/tenants/acme/drives/drive-" + i + ".csv",
                        Modality.GNSS, AT, Map.of("weather", "rain", "timezone", "Asia/Shanghai"), Map.of()))
                .toList();
        return new SceneMiningRequestedEvent(JOB, "acme", listed, Map.of("sourceId", "drives"), SceneMiningRules.defaults(), AT);
    }

    @Test
    void aQueuedRunNamesItsJobOnlyWhateverTheNumberOfAssets() throws Exception {
        String queued = JSON.writeValueAsString(SceneMiningRunJob.of(requested(10_000), "alice"));

        assertThat(queued).hasSizeLessThan(200).doesNotContain("asset-").doesNotContain("requested");
        SceneMiningRunJob read = JSON.readValue(queued, SceneMiningRunJob.class);
        assertThat(read).isEqualTo(new SceneMiningRunJob(JOB, "acme", "alice", null));
        assertThat(read.instanceId()).isEqualTo("job-1");
    }

    @Test
    void aRunQueuedByAnEarlierVersionCarriesTheWholeRequestAndIsReadAsSuch() throws Exception {
        String earlier = "{\"requested\":" + JSON.writeValueAsString(requested(3)) + ",\"operator\":\"alice\"}";

        SceneMiningRunJob read = JSON.readValue(earlier, SceneMiningRunJob.class);

        assertThat(read.jobId()).isEqualTo(JOB);
        assertThat(read.tenantId()).isEqualTo("acme");
        assertThat(read.operator()).isEqualTo("alice");
        assertThat(read.requested()).isEqualTo(requested(3));
        assertThat(read.instanceId()).isEqualTo("job-1");
    }

    @Test
    void aRunWithoutJobOrTenantIsRefused() {
        assertThatThrownBy(() -> new SceneMiningRunJob(null, "acme", "alice", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JSON.readValue("{\"jobId\":\"job-1\",\"operator\":\"alice\"}", SceneMiningRunJob.class))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }
}
