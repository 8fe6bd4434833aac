package io.fleetloop.edge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class DemoReportTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aLoopsKpiListsEveryStageWithItsDurationAndTheTotal() throws IOException {
        JsonNode loop = json.readTree("""
                {"decisionId":"d-1","reachedAt":{"IDENTIFIED":"2026-06-01T09:00:00Z","DECIDED":"2026-06-01T09:05:00Z",
                 "ROLLOUT_COMPLETED":"2026-06-01T11:05:30Z"},"stageMillis":{"DECIDED":300000},"totalMillis":7530000,"stalled":false}""");
        String text = DemoReport.kpi(loop);
        assertThat(text).startsWith("Closed-loop KPI of decision d-1\n");
        assertThat(text).containsPattern("DECIDED +2026-06-01T09:05:00Z +\\+5m 00s");
        assertThat(text).containsPattern("ANNOTATED +–");
        assertThat(text).contains("total cycle time   2h 05m");
    }

    @Test
    void aLineageGraphPrintsAsATreeFromItsRootWithWideFanOutsCut() throws IOException {
        StringBuilder devices = new StringBuilder();
        StringBuilder edges = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            devices.append(",{\"type\":\"DEVICE\",\"id\":\"car-").append(i).append("\",\"label\":\"car-").append(i).append("\"}");
            edges.append(",{\"fromType\":\"RELEASE_TASK\",\"from\":\"r-1\",\"toType\":\"DEVICE\",\"to\":\"car-").append(i)
                    .append("\",\"relation\":\"installed-on\"}");
        }
        JsonNode graph = json.readTree("""
                {"root":{"type":"PROBLEM_SAMPLE","id":"s-1"},"nodes":[{"type":"PROBLEM_SAMPLE","id":"s-1","label":"PERCEPTION HIGH"},
                 {"type":"FEEDBACK_DECISION","id":"d-1","label":null},{"type":"RELEASE_TASK","id":"r-1","label":"v2"}%s],
                 "edges":[{"fromType":"PROBLEM_SAMPLE","from":"s-1","toType":"FEEDBACK_DECISION","to":"d-1","relation":"fed-back-by"},
                 {"fromType":"FEEDBACK_DECISION","from":"d-1","toType":"RELEASE_TASK","to":"r-1","relation":"x"}%s]}"""
                .formatted(devices, edges));
        String text = DemoReport.lineage(graph);
        assertThat(text).startsWith("Lineage downstream of PROBLEM_SAMPLE s-1\n")
                .contains("  └─fed-back-by→ FEEDBACK_DECISION d-1\n")
                .contains("     └─x→ RELEASE_TASK r-1 \"v2\"\n")
                .contains("        └─installed-on→ DEVICE car-4 \"car-4\"\n")
                .contains("        └ … and 2 more\n")
                .doesNotContain("car-5");
    }
}
