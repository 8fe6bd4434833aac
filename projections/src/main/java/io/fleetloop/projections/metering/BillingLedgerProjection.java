package io.fleetloop.projections.metering;

import io.fleetloop.api.metering.BillingPolicySetEvent;
import io.fleetloop.api.metering.CreditsAddedEvent;
import io.fleetloop.api.metering.TenantAccountOpenedEvent;
import io.fleetloop.api.metering.UsageMeteredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The ledger as read models: one bill line per usage event, one row per credit, the account's balance. Rows are keyed
 * by event id, the balance is the event's {@code balanceAfter}: a replay writes the same rows.
 */
@Component
@ProcessingGroup("billing-ledger")
class BillingLedgerProjection {

    private final JdbcClient jdbc;

    BillingLedgerProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TenantAccountOpenedEvent event) {
        jdbc.sql("""
                insert into billing_account_view (tenant_id, balance, stop_dispatch_when_exhausted, updated_at)
                values (?, 0, false, ?) on conflict (tenant_id) do nothing""")
                .params(event.tenantId(), Timestamp.from(event.openedAt())).update();
    }

    @EventHandler
    void on(UsageMeteredEvent event, EventMessage<?> message) {
        jdbc.sql("""
                insert into billing_line (line_id, tenant_id, usage_id, context, task_id, job_id, run_id, node_id, resource, quantity,
                                          unit, at, price_list_version, unit_price, amount, balance_after)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (line_id) do nothing""")
                .params(message.getIdentifier(), event.tenantId(), event.usageId(), event.context().name(), event.taskId(), event.jobId(),
                        event.runId(), event.nodeId(), event.resource(), event.quantity(), event.unit(), Timestamp.from(event.at()),
                        event.priceListVersion(), event.unitPrice(), event.amount(), event.balanceAfter())
                .update();
        balance(event.tenantId(), event.balanceAfter(), message.getTimestamp());
    }

    @EventHandler
    void on(CreditsAddedEvent event, EventMessage<?> message) {
        jdbc.sql("""
                insert into billing_credit (credit_id, tenant_id, amount, reference, balance_after, at) values (?, ?, ?, ?, ?, ?)
                on conflict (credit_id) do nothing""")
                .params(message.getIdentifier(), event.tenantId(), event.amount(), event.reference(), event.balanceAfter(),
                        Timestamp.from(event.at()))
                .update();
        balance(event.tenantId(), event.balanceAfter(), message.getTimestamp());
    }

    @EventHandler
    void on(BillingPolicySetEvent event) {
        jdbc.sql("update billing_account_view set stop_dispatch_when_exhausted = ?, updated_at = ? where tenant_id = ?")
                .params(event.stopDispatchWhenExhausted(), Timestamp.from(event.at()), event.tenantId()).update();
    }

    private void balance(String tenantId, BigDecimal balance, Instant at) {
        jdbc.sql("update billing_account_view set balance = ?, updated_at = ? where tenant_id = ?")
                .params(balance, Timestamp.from(at), tenantId).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from billing_line").update();
        jdbc.sql("delete from billing_credit").update();
        jdbc.sql("delete from billing_account_view").update();
    }
}
