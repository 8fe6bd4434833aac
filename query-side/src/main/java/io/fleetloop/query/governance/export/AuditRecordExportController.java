package io.fleetloop.query.governance.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.governance.AuditRecordView;
import io.fleetloop.api.governance.AuditRecordsResponse;
import io.fleetloop.api.governance.FindAuditRecordsQuery;
import io.fleetloop.query.governance.masking.MaskingEngine;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /v1/audit-records/export?format=ndjson|csv}: the audit records matching the filters of
 * {@code GET /v1/audit-records}, oldest first, masked for the caller's role level, within the caller's tenant.
 * The export is a snapshot: records written after it started are left out.
 */
@RestController
class AuditRecordExportController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    /** The CSV columns: the fields of an audit record, in order. */
    static final List<String> COLUMNS = Arrays.stream(AuditRecordView.class.getRecordComponents()).map(RecordComponent::getName).toList();

    private final QueryGateway queries;
    private final ObjectMapper json;
    private final MaskingEngine masking;
    private final Clock clock;

    AuditRecordExportController(QueryGateway queries, ObjectMapper json, MaskingEngine masking, Clock clock) {
        this.queries = queries;
        this.json = json;
        this.masking = masking;
        this.clock = clock;
    }

    @GetMapping("/v1/audit-records/export")
    ResponseEntity<StreamingResponseBody> export(Caller caller, @RequestParam(required = false) String resourceId,
                                                 @RequestParam(required = false) String action,
                                                 @RequestParam(required = false) Instant from,
                                                 @RequestParam(required = false) Instant to,
                                                 @RequestParam(defaultValue = "ndjson") String format, NativeWebRequest request) {
        boolean csv = switch (format.toLowerCase(Locale.ROOT)) {
            case "ndjson" -> false;
            case "csv" -> true;
            default -> throw FleetloopException.invalid("format", "must be ndjson or csv");
        };
        Instant now = clock.instant();
        Instant until = to == null || to.isAfter(now) ? now : to;
        Page pages = number -> Exports.ask(queries, new FindAuditRecordsQuery(caller.tenantId(), resourceId, action, from, until,
                new PageRequest(number, PageRequest.MAX_SIZE)), AuditRecordsResponse.class);
        // The first page is read before the response starts, so a failing query is still a problem response.
        AuditRecordsResponse first = pages.fetch(0);
        int level = MaskingEngine.levelOf(caller);
        Exports.allowLongStream(request);
        StreamingResponseBody body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            if (csv) writer.write(String.join(",", COLUMNS) + "\r\n");
            // A record committed late with an earlier timestamp shifts the pages by one: skip what the last page had.
            Set<String> previousPage = Set.of();
            AuditRecordsResponse page = first;
            int number = 0;
            while (true) {
                Set<String> thisPage = new HashSet<>();
                for (AuditRecordView record : page.items()) {
                    if (!thisPage.add(record.recordId()) || previousPage.contains(record.recordId())) continue;
                    JsonNode masked = masking.mask((JsonNode) json.valueToTree(record), level);
                    writer.write(csv ? csvLine(masked) : json.writeValueAsString(masked) + "\n");
                }
                writer.flush();
                if (page.items().size() < PageRequest.MAX_SIZE) break;
                previousPage = thisPage;
                page = pages.fetch(++number);
            }
        };
        return ResponseEntity.ok().contentType(csv ? CSV : NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, Exports.attachment("audit-records", caller.tenantId(), now, csv ? "csv" : "ndjson"))
                .header(Exports.TOTAL_HEADER, Long.toString(first.total()))
                .body(body);
    }

    private interface Page {
        AuditRecordsResponse fetch(int number);
    }

    static String csvLine(JsonNode record) {
        StringBuilder line = new StringBuilder();
        for (String column : COLUMNS) {
            if (!line.isEmpty()) line.append(',');
            JsonNode value = record.get(column);
            line.append(csvCell(value == null || value.isNull() ? "" : value.asText()));
        }
        return line.append("\r\n").toString();
    }

    /** RFC 4180 quoting; a cell a spreadsheet would run as a formula gets a leading {@code '} (OWASP CSV injection). */
    static String csvCell(String value) {
        String cell = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
        return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
