package io.fleetloop.workers.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceNameTest {

    @Test
    void aPlainResourceStaysAsItIs() {
        assertThat(JobTasks.resourceName("ingested-bytes")).isEqualTo("ingested-bytes");
    }

    @Test
    void aLabelersNameBecomesAVariantTheAccountAccepts() {
        assertThat(JobTasks.resourceName("prelabeled-assets:builtin-lidar/1")).isEqualTo("prelabeled-assets:builtin-lidar-1");
        assertThat(JobTasks.resourceName("prelabeled-assets:http:http://127.0.0.1:8080/Detect"))
                .isEqualTo("prelabeled-assets:http-http-127.0.0.1-8080-detect")
                .matches("[a-z0-9][a-z0-9._-]{0,63}(:[a-z0-9._-]{1,64})?");
    }

    @Test
    void aLongVariantIsCutTo64Characters() {
        assertThat(JobTasks.resourceName("prelabeled-assets:http:" + "x".repeat(200)).split(":")[1]).hasSize(64);
    }
}
