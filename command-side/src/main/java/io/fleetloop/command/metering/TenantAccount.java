package io.fleetloop.command.metering;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.metering.AddCreditsCommand;
import io.fleetloop.api.metering.AdmitDispatchCommand;
import io.fleetloop.api.metering.BillingPolicySetEvent;
import io.fleetloop.api.metering.CreditsAddedEvent;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.metering.DispatchRefusedEvent;
import io.fleetloop.api.metering.MeterUsageCommand;
import io.fleetloop.api.metering.Price;
import io.fleetloop.api.metering.PriceListPublishedEvent;
import io.fleetloop.api.metering.PublishPriceListCommand;
import io.fleetloop.api.metering.QuotaPeriod;
import io.fleetloop.api.metering.QuotaSetEvent;
import io.fleetloop.api.metering.RefusalReason;
import io.fleetloop.api.metering.SetBillingPolicyCommand;
import io.fleetloop.api.metering.SetQuotaCommand;
import io.fleetloop.api.metering.TenantAccountOpenedEvent;
import io.fleetloop.api.metering.UsageMeteredEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant's account (seed 003 "调用即计量、计量即结算"): the ledger of metered usage and credits, the versioned price
 * list, the quotas and the billing policy. Its id is the tenant id; the first command for a tenant opens it with the
 * configured default price list as version 1. Every usage is priced and debited as it is metered, exactly once per
 * usage id; dispatch is admitted or refused from this state alone.
 */
@Aggregate(cache = "tenantAccountCache")
class TenantAccount {

    static final Pattern RESOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}(:[a-z0-9._-]{1,64})?");
    private static final int MONEY_SCALE = 6;

    @AggregateIdentifier
    private String tenantId;
    private BigDecimal balance = BigDecimal.ZERO;
    private boolean stopDispatchWhenExhausted;
    private final List<PriceListPublishedEvent> priceLists = new ArrayList<>();
    private final Map<String, Double> meteredByUsageId = new HashMap<>();
    private final Set<String> creditReferences = new HashSet<>();
    private final Map<String, QuotaSetEvent> quotas = new HashMap<>();
    /** per base resource: usage counted in the current day and month */
    private final Map<String, PeriodCount> daily = new HashMap<>();
    private final Map<String, PeriodCount> monthly = new HashMap<>();

    private record PeriodCount(Instant periodStart, double used) {
    }

    TenantAccount() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(MeterUsageCommand command, DefaultPriceList defaults) {
        openIfNew(command.tenantId(), command.at(), defaults);
        if (command.usageId() == null || command.usageId().isBlank()) throw FleetloopException.invalid("usageId", "required");
        requireResource("resource", command.resource());
        if (command.context() == null) throw FleetloopException.invalid("context", "required");
        if (command.at() == null) throw FleetloopException.invalid("at", "required");
        if (!Double.isFinite(command.quantity()) || command.quantity() < 0) throw FleetloopException.invalid("quantity", "a number ≥ 0");
        double already = meteredByUsageId.getOrDefault(command.usageId(), 0.0);
        double delta = command.quantity() - already;
        if (delta <= 0) return; // metered before (a retry or a redelivery): nothing new to charge
        PriceListPublishedEvent priceList = priceListAt(command.at());
        BigDecimal unitPrice = unitPrice(priceList, command.resource());
        BigDecimal amount = BigDecimal.valueOf(delta).multiply(unitPrice).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
        apply(new UsageMeteredEvent(tenantId, command.usageId(), command.context(), command.taskId(), command.jobId(), command.runId(),
                command.nodeId(), command.resource(), delta, command.unit(), command.at(), priceList == null ? 0 : priceList.version(),
                unitPrice, amount, balance.subtract(amount)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(PublishPriceListCommand command, DefaultPriceList defaults) {
        openIfNew(command.tenantId(), command.requestedAt(), defaults);
        if (command.prices() == null || command.prices().isEmpty()) throw FleetloopException.invalid("prices", "at least one price");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < command.prices().size(); i++) {
            Price price = command.prices().get(i);
            if (price == null) throw FleetloopException.invalid("prices[" + i + "]", "required");
            requireResource("prices[" + i + "].resource", price.resource());
            if (!seen.add(price.resource())) throw FleetloopException.invalid("prices[" + i + "].resource", "listed twice");
            if (price.unitPrice() == null || price.unitPrice().signum() < 0) {
                throw FleetloopException.invalid("prices[" + i + "].unitPrice", "a number ≥ 0");
            }
            if (price.unit() == null || price.unit().isBlank() || price.unit().length() > 32) {
                throw FleetloopException.invalid("prices[" + i + "].unit", "1-32 characters");
            }
        }
        Instant effectiveFrom = command.effectiveFrom() == null ? command.requestedAt() : command.effectiveFrom();
        PriceListPublishedEvent latest = priceLists.isEmpty() ? null : priceLists.get(priceLists.size() - 1);
        if (latest != null && effectiveFrom.isBefore(latest.effectiveFrom())) {
            throw FleetloopException.invalid("effectiveFrom", "not before the latest version's " + latest.effectiveFrom());
        }
        apply(new PriceListPublishedEvent(tenantId, priceLists.size() + 1, effectiveFrom, command.prices(), command.requestedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetQuotaCommand command, DefaultPriceList defaults) {
        openIfNew(command.tenantId(), command.at(), defaults);
        requireResource("resource", command.resource());
        if (command.resource().contains(":")) throw FleetloopException.invalid("resource", "a quota counts a whole resource (no ':')");
        if (!Double.isFinite(command.limit()) || command.limit() < 0) throw FleetloopException.invalid("limit", "a number ≥ 0");
        if (command.period() == null) throw FleetloopException.invalid("period", "DAY or MONTH");
        QuotaSetEvent current = quotas.get(command.resource());
        if (current != null && current.limit() == command.limit() && current.period() == command.period()) return;
        apply(new QuotaSetEvent(tenantId, command.resource(), command.limit(), command.period(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AddCreditsCommand command, DefaultPriceList defaults) {
        openIfNew(command.tenantId(), command.at(), defaults);
        if (command.amount() == null || command.amount().signum() <= 0) throw FleetloopException.invalid("amount", "a positive number");
        if (command.amount().scale() > MONEY_SCALE) throw FleetloopException.invalid("amount", "at most " + MONEY_SCALE + " decimals");
        if (command.reference() == null || command.reference().isBlank() || command.reference().length() > 128) {
            throw FleetloopException.invalid("reference", "1-128 characters");
        }
        if (creditReferences.contains(command.reference())) return;
        apply(new CreditsAddedEvent(tenantId, command.amount(), command.reference(), balance.add(command.amount()), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetBillingPolicyCommand command, DefaultPriceList defaults) {
        openIfNew(command.tenantId(), command.at(), defaults);
        if (stopDispatchWhenExhausted == command.stopDispatchWhenExhausted()) return;
        apply(new BillingPolicySetEvent(tenantId, command.stopDispatchWhenExhausted(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    DispatchDecision handle(AdmitDispatchCommand command, DefaultPriceList defaults) {
        if (tenantId == null) {
            // No account yet, so no quota and no billing policy: admitted, and asking opens nothing (a refused request
            // after the admission, e.g. for a task that does not exist, leaves no event behind).
            if (command.tenantId() == null || command.tenantId().isBlank()) throw FleetloopException.invalid("tenantId", "required");
            return DispatchDecision.admit();
        }
        for (DispatchPolicy policy : DispatchPolicy.values()) {
            DispatchDecision decision = policy.decide(this, command);
            if (!decision.admitted()) {
                apply(new DispatchRefusedEvent(tenantId, command.context(), command.subjectId(), decision.reason(), decision.resource(),
                        decision.limit(), decision.used(), command.at()));
                return decision;
            }
        }
        return DispatchDecision.admit();
    }

    /** The rules a dispatch must pass, in order; the first refusal wins. */
    private enum DispatchPolicy {
        BALANCE {
            @Override
            DispatchDecision decide(TenantAccount account, AdmitDispatchCommand command) {
                if (account.stopDispatchWhenExhausted && account.balance.signum() <= 0) {
                    return new DispatchDecision(false, RefusalReason.BALANCE_EXHAUSTED, "balance", 0, account.balance.doubleValue());
                }
                return DispatchDecision.admit();
            }
        },
        QUOTA {
            @Override
            DispatchDecision decide(TenantAccount account, AdmitDispatchCommand command) {
                for (String resource : command.resources()) {
                    QuotaSetEvent quota = account.quotas.get(base(resource));
                    if (quota == null) continue;
                    double used = account.usedInPeriod(quota, command.at());
                    double requested = command.requested().getOrDefault(resource, 0.0);
                    if (used >= quota.limit() || used + requested > quota.limit()) {
                        return new DispatchDecision(false, RefusalReason.QUOTA_EXCEEDED, quota.resource(), quota.limit(), used);
                    }
                }
                return DispatchDecision.admit();
            }
        };

        abstract DispatchDecision decide(TenantAccount account, AdmitDispatchCommand command);
    }

    private void openIfNew(String tenant, Instant at, DefaultPriceList defaults) {
        if (tenantId != null) return;
        if (tenant == null || tenant.isBlank()) throw FleetloopException.invalid("tenantId", "required");
        apply(new TenantAccountOpenedEvent(tenant, at));
        apply(new PriceListPublishedEvent(tenant, 1, Instant.EPOCH, defaults.prices(), at));
    }

    private double usedInPeriod(QuotaSetEvent quota, Instant now) {
        Map<String, PeriodCount> counts = quota.period() == QuotaPeriod.DAY ? daily : monthly;
        PeriodCount count = counts.get(quota.resource());
        return count != null && count.periodStart().equals(periodStart(quota.period(), now)) ? count.used() : 0;
    }

    private PriceListPublishedEvent priceListAt(Instant at) {
        PriceListPublishedEvent inForce = null;
        for (PriceListPublishedEvent list : priceLists) {
            if (!list.effectiveFrom().isAfter(at)) inForce = list;
        }
        return inForce;
    }

    private static BigDecimal unitPrice(PriceListPublishedEvent list, String resource) {
        if (list == null) return BigDecimal.ZERO;
        BigDecimal base = BigDecimal.ZERO;
        for (Price price : list.prices()) {
            if (price.resource().equals(resource)) return price.unitPrice();
            if (price.resource().equals(base(resource))) base = price.unitPrice();
        }
        return base;
    }

    static String base(String resource) {
        int colon = resource.indexOf(':');
        return colon < 0 ? resource : resource.substring(0, colon);
    }

    static Instant periodStart(QuotaPeriod period, Instant at) {
        var day = at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        return (period == QuotaPeriod.DAY ? day : day.withDayOfMonth(1)).toInstant();
    }

    private static void requireResource(String field, String resource) {
        if (resource == null || !RESOURCE.matcher(resource).matches()) {
            throw FleetloopException.invalid(field, "a resource name: lower-case letters, digits, . _ - (optionally ':' and a variant)");
        }
    }

    @EventSourcingHandler
    void on(TenantAccountOpenedEvent event) {
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(PriceListPublishedEvent event) {
        priceLists.add(event);
    }

    @EventSourcingHandler
    void on(UsageMeteredEvent event) {
        meteredByUsageId.merge(event.usageId(), event.quantity(), Double::sum);
        balance = event.balanceAfter();
        count(daily, QuotaPeriod.DAY, event);
        count(monthly, QuotaPeriod.MONTH, event);
    }

    private static void count(Map<String, PeriodCount> counts, QuotaPeriod period, UsageMeteredEvent event) {
        Instant start = periodStart(period, event.at());
        String resource = base(event.resource());
        PeriodCount current = counts.get(resource);
        if (current == null || current.periodStart().isBefore(start)) {
            counts.put(resource, new PeriodCount(start, event.quantity()));
        } else if (current.periodStart().equals(start)) {
            counts.put(resource, new PeriodCount(start, current.used() + event.quantity()));
        }
    }

    @EventSourcingHandler
    void on(QuotaSetEvent event) {
        quotas.put(event.resource(), event);
    }

    @EventSourcingHandler
    void on(CreditsAddedEvent event) {
        creditReferences.add(event.reference());
        balance = event.balanceAfter();
    }

    @EventSourcingHandler
    void on(BillingPolicySetEvent event) {
        stopDispatchWhenExhausted = event.stopDispatchWhenExhausted();
    }
}
