package io.fleetloop.sagas.orchestration;

import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.CreateAnnotationTaskCommand;
import io.fleetloop.api.annotation.RunPreLabelingCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.orchestration.CreateOrchestrationTaskCommand;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import io.fleetloop.api.orchestration.OrchestrationTaskType;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * Which completed ingestions a data-flow rule matches, and what a match dispatches. Uses only {@code api} types and the
 * dispatcher's own package, so it moves with the dispatcher (to {@code sagas}) by a change of its package line.
 */
class DataFlowDispatcherTest {

    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final DataSourceId SOURCE = new DataSourceId("src-1");
    private static final IngestionTaskId INGESTION = new IngestionTaskId("11111111-2222-3333-4444-555555555555");
    private static final DataFlowId FLOW = new DataFlowId("99999999-8888-7777-6666-555555555555");
    private static final IngestedAsset NIGHT = asset("n1", "s3://fleetloop/tenants/acme/drives/night/0001.pcd");
    private static final IngestedAsset DAY = asset("d1", "s3://fleetloop/tenants/acme/drives/day/0001.pcd");
    private static final IngestedAsset NOTES = asset("t1", "s3://fleetloop/tenants/acme/notes.txt");

    private final DataFlowRules rules = mock(DataFlowRules.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final DataFlowDispatcher dispatcher = new DataFlowDispatcher(rules, commands);

    /** The name-based UUID the dispatcher derives its ids from, so that a replay or a retry dispatches nothing twice. */
    private static String derivedId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static IngestedAsset asset(String id, String path) {
        return new IngestedAsset(new AssetId(id), path, 10, "sha-" + id, AT, Map.of());
    }

    private static DataIngestionCompletedEvent completed(Modality modality, IngestedAsset... assets) {
        List<IngestedAsset> list = List.of(assets);
        return new DataIngestionCompletedEvent(INGESTION, "acme", SOURCE, list.stream().map(IngestedAsset::assetId).toList(),
                list.stream().map(IngestedAsset::storagePath).toList(), modality, list, list.size(), 0, 10L * list.size(), AT);
    }

    private static FlowAction annotate(boolean runPreLabeling) {
        return new FlowAction(FlowAction.Type.ANNOTATE, AnnotationType.BOX_3D, null, null, runPreLabeling);
    }

    private static List<AssetId> ids(IngestedAsset... assets) {
        return List.of(assets).stream().map(IngestedAsset::assetId).toList();
    }

    @Test
    void aRuleWithoutConditionsMatchesEveryNewAsset() {
        assertThat(DataFlowDispatcher.matching(new FlowRule(null, null, null), completed(Modality.LIDAR, NIGHT, DAY, NOTES)))
                .isEqualTo(ids(NIGHT, DAY, NOTES));
    }

    @Test
    void aRuleForAnotherSourceMatchesNothing() {
        assertThat(DataFlowDispatcher.matching(new FlowRule("src-2", null, null), completed(Modality.LIDAR, NIGHT))).isEmpty();
    }

    @Test
    void aRuleForAnotherModalityMatchesNothing() {
        assertThat(DataFlowDispatcher.matching(new FlowRule("src-1", Modality.CAMERA, null), completed(Modality.LIDAR, NIGHT))).isEmpty();
    }

    @Test
    void thePathPatternIsAGlobOverThePathInsideTheTenantsFolder() {
        assertThat(DataFlowDispatcher.matching(new FlowRule(null, Modality.LIDAR, "drives/night/*.pcd"), completed(Modality.LIDAR, NIGHT, DAY, NOTES)))
                .isEqualTo(ids(NIGHT));
        assertThat(DataFlowDispatcher.matching(new FlowRule(null, null, "drives/**"), completed(Modality.LIDAR, NIGHT, DAY, NOTES)))
                .isEqualTo(ids(NIGHT, DAY));
    }

    @Test
    void anAssetBroughtTwiceByOneIngestionIsMatchedOnce() {
        assertThat(DataFlowDispatcher.matching(new FlowRule(null, null, null), completed(Modality.LIDAR, NIGHT, NIGHT))).isEqualTo(ids(NIGHT));
    }

    @Test
    void aMatchCreatesAnAnnotationTaskRecordsTheDispatchAndStartsPreLabelingUnderDerivedIds() {
        when(rules.of("acme")).thenReturn(List.of(new DataFlowRules.Rule(FLOW, "acme", new FlowRule(null, null, "drives/**"), annotate(true))));

        dispatcher.on(completed(Modality.LIDAR, NIGHT, NOTES));

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commands, times(3)).sendAndWait(sent.capture(), any(MetaData.class));
        String key = FLOW.value() + ":" + INGESTION.value();
        AnnotationTaskId annotationTask = new AnnotationTaskId(derivedId("annotation:" + key));
        assertThat(sent.getAllValues().get(0)).isInstanceOfSatisfying(CreateAnnotationTaskCommand.class, create -> {
            assertThat(create.taskId()).isEqualTo(annotationTask);
            assertThat(create.assetIds()).isEqualTo(ids(NIGHT));
            assertThat(create.annotationType()).isEqualTo(AnnotationType.BOX_3D);
        });
        assertThat(sent.getAllValues().get(1)).isInstanceOfSatisfying(CreateOrchestrationTaskCommand.class, record -> {
            assertThat(record.orchestrationTaskId().value()).isEqualTo(derivedId("orchestration:" + key));
            assertThat(record.type()).isEqualTo(OrchestrationTaskType.ANNOTATION);
            assertThat(record.flowId()).isEqualTo(FLOW);
            assertThat(record.targetTaskId()).isEqualTo(annotationTask.value());
        });
        assertThat(sent.getAllValues().get(2)).isEqualTo(new RunPreLabelingCommand(annotationTask, "acme"));
    }

    @Test
    void aFlowThatDoesNotAskForPreLabelingOnlyCreatesTheTask() {
        when(rules.of("acme")).thenReturn(List.of(new DataFlowRules.Rule(FLOW, "acme", new FlowRule(null, null, null), annotate(false))));

        dispatcher.on(completed(Modality.LIDAR, NIGHT));

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commands, times(2)).sendAndWait(sent.capture(), any(MetaData.class));
        assertThat(sent.getAllValues()).extracting(Object::getClass)
                .containsExactly(CreateAnnotationTaskCommand.class, CreateOrchestrationTaskCommand.class);
    }

    @Test
    void anIngestionNoRuleMatchesDispatchesNothing() {
        when(rules.of("acme")).thenReturn(List.of(new DataFlowRules.Rule(FLOW, "acme", new FlowRule(null, Modality.CAMERA, null), annotate(true))));

        dispatcher.on(completed(Modality.LIDAR, NIGHT));

        verifyNoInteractions(commands);
    }

    @Test
    void aCollectFlowDispatchesNothingForACompletedIngestion() {
        FlowAction collect = new FlowAction(FlowAction.Type.COLLECT, null, null, null, false);
        when(rules.of("acme")).thenReturn(List.of(new DataFlowRules.Rule(FLOW, "acme", new FlowRule(null, null, null), collect)));

        dispatcher.on(completed(Modality.LIDAR, NIGHT, DAY));

        verifyNoInteractions(commands);
    }
}
