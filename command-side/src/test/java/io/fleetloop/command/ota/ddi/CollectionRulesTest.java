package io.fleetloop.command.ota.ddi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.CollectionDictionary;
import io.fleetloop.api.orchestration.CollectionTrigger;
import io.fleetloop.api.orchestration.CompressionRule;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.DeviceSelector;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import io.fleetloop.command.common.CollectionDictionaries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The ddi-lookup's dictionary row for a COLLECT flow: from what the event carries, looked up only for events stored before. */
class CollectionRulesTest {

    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final List<String> lookups = new ArrayList<>();
    private final CollectionDictionaries dictionaries = (tenant, assetId) -> {
        lookups.add(tenant + "/" + assetId);
        return Optional.of(new CollectionDictionary(assetId, "s3://fleetloop/tenants/acme/from-the-store", "cd", 3));
    };
    private final CollectionRules rules = new CollectionRules(jdbc, new ObjectMapper(), dictionaries);

    @BeforeEach
    void setUp() {
        when(jdbc.sql(anyString())).thenReturn(statement);
    }

    private static DataFlowCreatedEvent created(CollectionDictionary carried) {
        return new DataFlowCreatedEvent(new DataFlowId("flow-1"), "acme", "swerves",
                new FlowRule(null, null, null, new CollectionTrigger(List.of(CollectionTrigger.Kind.TAKEOVER), null, 5.0, 3.0, 2)),
                new FlowAction(FlowAction.Type.COLLECT, null, null, null, false), Instant.parse("2026-12-05T08:00:00Z"),
                new CompressionRule("zstd", 19, "dict-1", 50.0), "edge/swerves", new DeviceSelector("VEHICLE", Map.of()), carried);
    }

    @Test
    void aFlowCarryingItsDictionaryIsStoredWithoutReadingTheAssetsEvents() throws Exception {
        rules.on(created(new CollectionDictionary("dict-1", "s3://fleetloop/tenants/acme/d", "ab", 2)));

        assertThat(lookups).isEmpty();
        verify(statement).params("acme", "dict-1", "s3://fleetloop/tenants/acme/d", "ab", 2L);
    }

    @Test
    void anEventStoredBeforeTheDictionaryWasCarriedLooksItUpInTheAssetsEvents() throws Exception {
        rules.on(created(null));

        assertThat(lookups).containsExactly("acme/dict-1");
        verify(statement).params("acme", "dict-1", "s3://fleetloop/tenants/acme/from-the-store", "cd", 3L);
    }
}
