package io.fleetloop.query.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.diagnosis.Diagnosis;
import io.fleetloop.api.diagnosis.FindLogBatchDiagnosisQuery;
import io.fleetloop.api.diagnosis.LogBatchDiagnosisView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** A batch's status and diagnosis as a query (a workflow's diagnose-logs node follows it), tenant-filtered. */
@Component
class LogBatchDiagnosisQueries {

    private final LogBatchReads reads;
    private final ObjectMapper json;

    LogBatchDiagnosisQueries(LogBatchReads reads, ObjectMapper json) {
        this.reads = reads;
        this.json = json;
    }

    @QueryHandler
    Optional<LogBatchDiagnosisView> handle(FindLogBatchDiagnosisQuery query) throws Exception {
        Optional<LogBatchReads.BatchRow> batch = reads.batch(query.tenantId(), query.batchId().value());
        if (batch.isEmpty()) return Optional.empty();
        Optional<LogBatchReads.ReportRow> report = reads.report(query.batchId().value());
        String diagnosis = report.map(LogBatchReads.ReportRow::diagnosis).orElse(null);
        return Optional.of(new LogBatchDiagnosisView(batch.get().batchId(), batch.get().status(), batch.get().reason(),
                diagnosis == null ? null : json.readValue(diagnosis, Diagnosis.class)));
    }
}
