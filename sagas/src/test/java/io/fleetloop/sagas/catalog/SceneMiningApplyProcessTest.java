package io.fleetloop.sagas.catalog;

import io.fleetloop.api.catalog.ApplyMinedSceneTagsCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.CompleteSceneMiningCommand;
import io.fleetloop.api.catalog.LongTailTagsComputedEvent;
import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.api.catalog.SceneMiningJobId;
import io.fleetloop.sagas.common.OwnUnitOfWork;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The stateless apply step, called directly: every asset's command (each on its own), then the completion, last. */
class SceneMiningApplyProcessTest {

    private static final SceneMiningJobId JOB = new SceneMiningJobId("job-1");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final SceneMiningApplyProcess process = new SceneMiningApplyProcess(new OwnUnitOfWork(commands));

    private static LongTailTagsComputedEvent computed(int assets) {
        List<MinedAsset> mined = IntStream.range(0, assets)
                .mapToObj(i -> new MinedAsset(new AssetId("a" + i), List.of("highway"), List.of("highway"), List.of())).toList();
        return new LongTailTagsComputedEvent(JOB, "acme", 3, mined, assets, Map.of("highway", (long) assets));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Object> sent() {
        ArgumentCaptor<CommandMessage<?>> captor = ArgumentCaptor.forClass((Class) CommandMessage.class);
        verify(commands, atLeastOnce()).sendAndWait(captor.capture());
        return captor.getAllValues().stream().map(m -> (Object) m.getPayload()).toList();
    }

    @Test
    void everyAssetGetsItsTagsAndTheJobCompletesAfterTheLastOne() {
        LongTailTagsComputedEvent event = computed(20);

        process.on(event);

        List<Object> sent = sent();
        assertThat(sent).hasSize(21);
        assertThat(sent.subList(0, 20)).containsExactlyInAnyOrderElementsOf(event.assets().stream()
                .map(a -> (Object) new ApplyMinedSceneTagsCommand(a.assetId(), "acme", JOB, 3, a)).toList());
        assertThat(sent.get(20)).isEqualTo(new CompleteSceneMiningCommand(JOB, "acme"));
    }

    @Test
    void aFailedAssetLeavesTheJobIncompleteSoTheRetryAppliesTheRest() {
        when(commands.sendAndWait(argThat((CommandMessage<?> m) -> m != null && m.getPayload() instanceof ApplyMinedSceneTagsCommand c
                && c.assetId().equals(new AssetId("a5"))))).thenThrow(new IllegalStateException("store unavailable"));

        assertThatThrownBy(() -> process.on(computed(20))).hasMessage("store unavailable");

        assertThat(sent()).noneMatch(CompleteSceneMiningCommand.class::isInstance);
    }
}
