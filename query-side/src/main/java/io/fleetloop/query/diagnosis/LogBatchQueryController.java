package io.fleetloop.query.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seed 004's read path: {@code GET /api/v1/batches} (list), {@code GET /api/v1/batches/{id}} (state and files),
 * {@code GET /api/v1/batches/{id}/report} (statistics and diagnosis, through the singleflight {@link ReportCache}),
 * its SVG charts, and {@code GET /api/v1/reports?type=error_analysis|signal_analysis|diagnosis}. Another tenant's
 * batch is not found.
 */
@RestController
class LogBatchQueryController {

    static final Set<String> REPORT_TYPES = Set.of("error_analysis", "signal_analysis", "diagnosis");
    private static final Set<String> STATUSES = Set.of("pending", "uploaded", "scattering", "scattered", "gathering", "diagnosing",
            "completed", "failed");

    record FileView(String fileId, String fileName, String kind, long sizeBytes, String sha256, String status, Long lines,
                    Long unknownLines, Long errorLines, String reason) {
    }

    record BatchView(String batchId, String vehicleId, String vehiclePlatform, String firmwareVersion, JsonNode testDrive, String status,
                     String reason, int fileCount, int parsedCount, int failedCount, Instant createdAt, Instant updatedAt,
                     List<FileView> files) {
    }

    record BatchPage(List<BatchView> items, long total, int page, int size) {
    }

    record ReportView(String batchId, String status, JsonNode report, JsonNode diagnosis, Map<String, String> charts) {
    }

    record ReportListItem(String batchId, String type, String status, JsonNode summary) {
    }

    record ReportList(String type, List<ReportListItem> items, int page, int size) {
    }

    private final LogBatchReads reads;
    private final ReportCache reports;
    private final ObjectMapper json;

    LogBatchQueryController(LogBatchReads reads, ReportCache reports, ObjectMapper json) {
        this.reads = reads;
        this.reports = reports;
        this.json = json;
    }

    @GetMapping("/api/v1/batches")
    BatchPage list(Caller caller, @RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page,
                   @RequestParam(defaultValue = "20") int size) {
        if (status != null && !STATUSES.contains(status)) throw FleetloopException.invalid("status", "one of " + STATUSES);
        paging(page, size);
        List<BatchView> items = reads.batches(caller.tenantId(), status, size, page * size).stream().map(b -> view(b, List.of())).toList();
        return new BatchPage(items, reads.count(caller.tenantId(), status), page, size);
    }

    @GetMapping("/api/v1/batches/{batchId}")
    BatchView batch(Caller caller, @PathVariable String batchId) {
        LogBatchReads.BatchRow row = reads.batch(caller.tenantId(), batchId).orElseThrow(() -> FleetloopException.notFound("log batch", batchId));
        return view(row, reads.files(caller.tenantId(), batchId).stream().map(f -> new FileView(f.fileId(), f.fileName(), f.kind().toLowerCase(),
                f.sizeBytes(), f.sha256(), f.status(), f.lines(), f.unknownLines(), f.errorLines(), f.reason())).toList());
    }

    @GetMapping("/api/v1/batches/{batchId}/report")
    ReportView report(Caller caller, @PathVariable String batchId) {
        LogBatchReads.ReportRow row = report(caller.tenantId(), batchId);
        String base = "/api/v1/batches/" + batchId + "/report/charts/";
        return new ReportView(batchId, row.status(), tree(row.report()), row.diagnosis() == null ? null : tree(row.diagnosis()),
                Map.of("timeline", base + "timeline.svg", "topCodes", base + "top-codes.svg", "modules", base + "modules.svg"));
    }

    @GetMapping(value = "/api/v1/batches/{batchId}/report/charts/{chart}.svg")
    ResponseEntity<String> chart(Caller caller, @PathVariable String batchId, @PathVariable String chart) {
        JsonNode report = tree(report(caller.tenantId(), batchId).report());
        String svg = switch (chart) {
            case "timeline" -> {
                List<LogBatchCharts.Bar> bars = new ArrayList<>();
                for (JsonNode b : report.path("timeline")) bars.add(new LogBatchCharts.Bar(b.path("start").asText(), b.path("errors").asDouble()));
                yield LogBatchCharts.timeline("Errors per " + report.path("bucketSeconds").asLong() + " s, batch " + batchId, bars);
            }
            case "top-codes" -> {
                Map<String, Double> byCode = new java.util.LinkedHashMap<>();
                for (JsonNode c : report.path("errorCodes")) byCode.merge(c.path("code").asText(), c.path("count").asDouble(), Double::sum);
                yield LogBatchCharts.ranking("Top error codes, batch " + batchId, byCode.entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(15)
                        .map(e -> new LogBatchCharts.Bar(e.getKey(), e.getValue())).toList());
            }
            case "modules" -> {
                List<LogBatchCharts.Bar> bars = new ArrayList<>();
                for (JsonNode m : report.path("modules")) bars.add(new LogBatchCharts.Bar(m.path("module").asText(), m.path("errors").asDouble()));
                yield LogBatchCharts.ranking("Errors per module, batch " + batchId, bars);
            }
            default -> throw FleetloopException.notFound("chart", chart);
        };
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml")).body(svg);
    }

    @GetMapping("/api/v1/reports")
    ReportList reports(Caller caller, @RequestParam(defaultValue = "error_analysis") String type, @RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "20") int size) {
        if (!REPORT_TYPES.contains(type)) throw FleetloopException.invalid("type", "one of " + REPORT_TYPES);
        paging(page, size);
        List<ReportListItem> items = new ArrayList<>();
        for (LogBatchReads.ReportRow row : reads.reports(caller.tenantId(), size, page * size)) {
            JsonNode report = tree(row.report());
            ObjectNode summary = json.createObjectNode();
            switch (type) {
                case "error_analysis" -> {
                    summary.put("totalErrors", report.path("totalErrors").asLong());
                    summary.set("topCodes", json.valueToTree(top(report.path("errorCodes"), 5)));
                    summary.put("bursts", report.path("bursts").size());
                }
                case "signal_analysis" -> summary.set("signals", report.path("signals"));
                default -> {
                    if (row.diagnosis() == null) continue;
                    summary.set("diagnosis", tree(row.diagnosis()));
                }
            }
            items.add(new ReportListItem(row.batchId(), type, row.status(), summary));
        }
        return new ReportList(type, items, page, size);
    }

    private LogBatchReads.ReportRow report(String tenantId, String batchId) {
        return reports.get(tenantId, batchId).orElseThrow(() -> FleetloopException.notFound("report of log batch", batchId));
    }

    private static List<JsonNode> top(JsonNode codes, int n) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : codes) {
            if (out.size() == n) break;
            out.add(c);
        }
        return out;
    }

    private BatchView view(LogBatchReads.BatchRow b, List<FileView> files) {
        return new BatchView(b.batchId(), b.vehicleId(), b.vehiclePlatform(), b.firmwareVersion(), tree(b.testDrive()), b.status(), b.reason(),
                b.fileCount(), b.parsedCount(), b.failedCount(), b.createdAt(), b.updatedAt(), files);
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable stored JSON", e);
        }
    }

    private static void paging(int page, int size) {
        if (page < 0) throw FleetloopException.invalid("page", "must be 0 or more");
        if (size < 1 || size > 200) throw FleetloopException.invalid("size", "1..200");
    }
}
