package io.fleetloop.api.diagnosis;

import java.util.List;

/**
 * The request of the log-diagnosis job (queued by the log-batch process in sagas after gather, run by a worker): the
 * batch's vehicle platform and firmware (hard filters for knowledge retrieval), its top error codes and bursts. The job
 * answers with a {@link RecordBatchDiagnosisCommand} (or a failed diagnosis with the reason).
 */
public record DiagnoseLogBatchJob(String tenantId, LogBatchId batchId, String vehiclePlatform, String firmwareVersion,
                                  List<ErrorCodeStat> topErrors, List<String> signalFindings, int attempt) {

    public static final String NAME = "log-diagnosis";

    public DiagnoseLogBatchJob {
        topErrors = List.copyOf(topErrors);
        signalFindings = signalFindings == null ? List.of() : List.copyOf(signalFindings);
    }

    public String instanceId() {
        return batchId.value() + "#" + attempt;
    }
}
