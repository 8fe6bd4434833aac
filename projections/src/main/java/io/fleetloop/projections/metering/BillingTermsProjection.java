package io.fleetloop.projections.metering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.metering.PriceListPublishedEvent;
import io.fleetloop.api.metering.QuotaSetEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Every version of each tenant's price list, and the quotas in force. */
@Component
@ProcessingGroup("billing-terms")
class BillingTermsProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    BillingTermsProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(PriceListPublishedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                insert into price_list_view (tenant_id, version, effective_from, published_at, prices) values (?, ?, ?, ?, cast(? as jsonb))
                on conflict (tenant_id, version) do nothing""")
                .params(event.tenantId(), event.version(), Timestamp.from(event.effectiveFrom()), Timestamp.from(event.publishedAt()),
                        json.writeValueAsString(event.prices()))
                .update();
    }

    @EventHandler
    void on(QuotaSetEvent event) {
        jdbc.sql("""
                insert into quota_view (tenant_id, resource, quota_limit, period, set_at) values (?, ?, ?, ?, ?)
                on conflict (tenant_id, resource) do update set quota_limit = excluded.quota_limit, period = excluded.period, set_at = excluded.set_at""")
                .params(event.tenantId(), event.resource(), event.limit(), event.period().name(), Timestamp.from(event.at()))
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from price_list_view").update();
        jdbc.sql("delete from quota_view").update();
    }
}
