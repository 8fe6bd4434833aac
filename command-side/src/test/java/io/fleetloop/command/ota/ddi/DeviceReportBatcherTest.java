package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.DeviceReport;
import io.fleetloop.api.ota.DeviceReportOutcomes;
import io.fleetloop.api.ota.RecordDeviceReportsCommand;
import io.fleetloop.api.ota.ReleaseTaskId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The group commit's hand-off under contention: many request threads record reports of one release while each
 * command takes a while, as under load. Every report must be sent exactly once, every caller must return with its own
 * outcome, and reports that arrived during a send must go together.
 */
class DeviceReportBatcherTest {

    private static final int CALLERS = 16;
    private static final int REPORTS_EACH = 200;

    @Test
    void everyReportIsSentOnceAndEveryCallerGetsItsOwnOutcome() {
        ReleaseTaskId task = new ReleaseTaskId("release-1");
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> sent = new ConcurrentHashMap<>();
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.sendAndWait(any(), any(MetaData.class))).thenAnswer(call -> {
            RecordDeviceReportsCommand command = call.getArgument(0);
            MetaData metaData = call.getArgument(1);
            assertThat(metaData.get("tenantId")).isEqualTo("acme");
            batchSizes.add(command.reports().size());
            List<ErrorDetails> refusals = new ArrayList<>();
            for (DeviceReport report : command.reports()) {
                sent.merge(report.deviceId() + "/" + report.execution(), 1, Integer::sum);
                // a report of every device whose number ends in 7 is refused, the others in the same command are taken
                refusals.add(report.deviceId().endsWith("7")
                        ? ErrorDetails.of(ErrorCode.NOT_FOUND, "no action for " + report.deviceId() + "/" + report.execution()) : null);
            }
            Thread.sleep(3); // the transaction's commit, during which further reports queue
            return new DeviceReportOutcomes(refusals);
        });
        DeviceReportBatcher batcher = new DeviceReportBatcher(commands);

        AtomicInteger taken = new AtomicInteger();
        List<String> wrongOutcomes = Collections.synchronizedList(new ArrayList<>());
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < REPORTS_EACH; i++) {
                        String device = "device-" + caller + "-" + i;
                        String execution = "step-" + i;
                        try {
                            batcher.record(task, "acme", DeviceReport.progress(device, ActionKind.UPDATE, execution, null));
                            if (device.endsWith("7")) wrongOutcomes.add(device + " was taken");
                            else taken.incrementAndGet();
                        } catch (FleetloopException refused) {
                            if (!refused.details().message().equals("no action for " + device + "/" + execution)) {
                                wrongOutcomes.add(device + " got " + refused.details().message());
                            }
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            start.countDown();
            for (Thread thread : threads) thread.join();
        });

        assertThat(wrongOutcomes).isEmpty();
        assertThat(sent).hasSize(CALLERS * REPORTS_EACH);
        assertThat(sent.values()).containsOnly(1);
        assertThat(taken.get()).isEqualTo(CALLERS * REPORTS_EACH - CALLERS * REPORTS_EACH / 10);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(CALLERS * REPORTS_EACH);
        assertThat(batchSizes).as("reports that arrived during a send went together").anyMatch(size -> size > 1);
        assertThat(batchSizes).allMatch(size -> size <= DeviceReportBatcher.MAX_BATCH);
    }
}
