package io.fleetloop.command.metering;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.metering.AddCreditsCommand;
import io.fleetloop.api.metering.AdmitDispatchCommand;
import io.fleetloop.api.metering.BillingPolicySetEvent;
import io.fleetloop.api.metering.CreditsAddedEvent;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.metering.DispatchRefusedEvent;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.MeterUsageCommand;
import io.fleetloop.api.metering.Price;
import io.fleetloop.api.metering.PriceListPublishedEvent;
import io.fleetloop.api.metering.PublishPriceListCommand;
import io.fleetloop.api.metering.QuotaPeriod;
import io.fleetloop.api.metering.QuotaSetEvent;
import io.fleetloop.api.metering.RefusalReason;
import io.fleetloop.api.metering.SetQuotaCommand;
import io.fleetloop.api.metering.TenantAccountOpenedEvent;
import io.fleetloop.api.metering.UsageMeteredEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

class TenantAccountTest {

    private static final String TENANT = "acme";
    private static final Instant OPENED = Instant.parse("2026-12-01T08:00:00Z");
    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");
    private static final List<Price> DEFAULTS = List.of(new Price("ingested-objects", "object", new BigDecimal("0.5")),
            new Price("prelabeled-assets", "asset", new BigDecimal("0.25")));

    private AggregateTestFixture<TenantAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TenantAccount.class);
        fixture.registerInjectableResource(new DefaultPriceList(DEFAULTS));
    }

    private static MeterUsageCommand usage(String usageId, String resource, double quantity, Instant at) {
        return new MeterUsageCommand(TENANT, usageId, LoopContext.ING, "task-1", "ingestion-run/task-1#1", null, null, resource, quantity,
                "object", at);
    }

    private static UsageMeteredEvent metered(String usageId, String resource, double quantity, Instant at, int version, String unitPrice,
                                             String amount, String balanceAfter) {
        return new UsageMeteredEvent(TENANT, usageId, LoopContext.ING, "task-1", "ingestion-run/task-1#1", null, null, resource, quantity,
                "object", at, version, new BigDecimal(unitPrice), new BigDecimal(amount), new BigDecimal(balanceAfter));
    }

    private static Object[] opened() {
        return new Object[]{new TenantAccountOpenedEvent(TENANT, OPENED), new PriceListPublishedEvent(TENANT, 1, Instant.EPOCH, DEFAULTS, OPENED)};
    }

    @Test
    void theFirstUsageOpensTheAccountWithTheDefaultPricesAndIsDebited() {
        fixture.givenNoPriorActivity()
                .when(usage("job-1/ingested-objects", "ingested-objects", 10, AT))
                .expectEvents(new TenantAccountOpenedEvent(TENANT, AT), new PriceListPublishedEvent(TENANT, 1, Instant.EPOCH, DEFAULTS, AT),
                        metered("job-1/ingested-objects", "ingested-objects", 10, AT, 1, "0.5", "5.000000", "-5.000000"));
    }

    @Test
    void aUsageReportedAgainUnderItsIdIsNotChargedTwice() {
        fixture.given(opened())
                .andGiven(metered("job-1/ingested-objects", "ingested-objects", 10, AT, 1, "0.5", "5.000000", "-5.000000"))
                .when(usage("job-1/ingested-objects", "ingested-objects", 10, AT.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRetryThatDidMoreIsChargedOnlyForTheDifference() {
        fixture.given(opened())
                .andGiven(metered("job-1/ingested-objects", "ingested-objects", 4, AT, 1, "0.5", "2.000000", "-2.000000"))
                .when(usage("job-1/ingested-objects", "ingested-objects", 10, AT.plusSeconds(60)))
                .expectEvents(metered("job-1/ingested-objects", "ingested-objects", 6, AT.plusSeconds(60), 1, "0.5", "3.000000", "-5.000000"));
    }

    @Test
    void usageIsPricedByThePriceListVersionInForceAtItsTime() {
        Instant v2From = AT.plus(Duration.ofHours(1));
        List<Price> v2 = List.of(new Price("ingested-objects", "object", new BigDecimal("2")));
        fixture.given(opened())
                .andGiven(new PriceListPublishedEvent(TENANT, 2, v2From, v2, AT))
                .when(usage("job-early/ingested-objects", "ingested-objects", 1, v2From.minusSeconds(1)))
                .expectEvents(metered("job-early/ingested-objects", "ingested-objects", 1, v2From.minusSeconds(1), 1, "0.5", "0.500000", "-0.500000"));
        fixture.given(opened())
                .andGiven(new PriceListPublishedEvent(TENANT, 2, v2From, v2, AT))
                .when(usage("job-late/ingested-objects", "ingested-objects", 1, v2From))
                .expectEvents(metered("job-late/ingested-objects", "ingested-objects", 1, v2From, 2, "2", "2.000000", "-2.000000"));
    }

    @Test
    void aVariantOfAResourceIsPricedByItsBaseResource() {
        fixture.given(opened())
                .when(new MeterUsageCommand(TENANT, "job-2/prelabeled-assets:builtin-lidar", LoopContext.ANN, "task-2", "job-2", "run-7", "node-3",
                        "prelabeled-assets:builtin-lidar", 4, "asset", AT))
                .expectEvents(new UsageMeteredEvent(TENANT, "job-2/prelabeled-assets:builtin-lidar", LoopContext.ANN, "task-2", "job-2", "run-7",
                        "node-3", "prelabeled-assets:builtin-lidar", 4, "asset", AT, 1, new BigDecimal("0.25"), new BigDecimal("1.000000"),
                        new BigDecimal("-1.000000")));
    }

    @Test
    void aNewPriceListVersionCannotTakeEffectBeforeTheLatestOne() {
        fixture.given(opened())
                .andGiven(new PriceListPublishedEvent(TENANT, 2, AT, DEFAULTS, AT))
                .when(new PublishPriceListCommand(TENANT, DEFAULTS, AT.minusSeconds(1), AT))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void aPriceListVersionIsNumberedAfterTheLast() {
        fixture.given(opened())
                .when(new PublishPriceListCommand(TENANT, DEFAULTS, null, AT))
                .expectEvents(new PriceListPublishedEvent(TENANT, 2, AT, DEFAULTS, AT));
    }

    @Test
    void dispatchIsRefusedWithAnEventOnceTheQuotaOfThePeriodIsUsedUp() {
        fixture.given(opened())
                .andGiven(new QuotaSetEvent(TENANT, "ingested-objects", 10, QuotaPeriod.DAY, OPENED),
                        metered("job-1/ingested-objects", "ingested-objects", 10, AT, 1, "0.5", "5.000000", "-5.000000"))
                .when(new AdmitDispatchCommand(TENANT, LoopContext.ING, "task-2", List.of("ingested-bytes", "ingested-objects"), AT.plusSeconds(5)))
                .expectResultMessagePayload(new DispatchDecision(false, RefusalReason.QUOTA_EXCEEDED, "ingested-objects", 10, 10))
                .expectEvents(new DispatchRefusedEvent(TENANT, LoopContext.ING, "task-2", RefusalReason.QUOTA_EXCEEDED, "ingested-objects",
                        10, 10, AT.plusSeconds(5)));
    }

    @Test
    void usageOfAnEarlierPeriodDoesNotCountAgainstTheQuota() {
        fixture.given(opened())
                .andGiven(new QuotaSetEvent(TENANT, "ingested-objects", 10, QuotaPeriod.DAY, OPENED),
                        metered("job-1/ingested-objects", "ingested-objects", 10, AT, 1, "0.5", "5.000000", "-5.000000"))
                .when(new AdmitDispatchCommand(TENANT, LoopContext.ING, "task-2", List.of("ingested-objects"), AT.plus(Duration.ofDays(1))))
                .expectResultMessagePayload(DispatchDecision.admit())
                .expectNoEvents();
    }

    @Test
    void anExhaustedBalanceStopsDispatchOnlyWhenThePolicySaysSo() {
        fixture.given(opened())
                .andGiven(metered("job-1/ingested-objects", "ingested-objects", 2, AT, 1, "0.5", "1.000000", "-1.000000"))
                .when(new AdmitDispatchCommand(TENANT, LoopContext.ING, "task-2", List.of("ingested-objects"), AT))
                .expectResultMessagePayload(DispatchDecision.admit())
                .expectNoEvents();
        fixture.given(opened())
                .andGiven(metered("job-1/ingested-objects", "ingested-objects", 2, AT, 1, "0.5", "1.000000", "-1.000000"),
                        new BillingPolicySetEvent(TENANT, true, AT))
                .when(new AdmitDispatchCommand(TENANT, LoopContext.ING, "task-2", List.of("ingested-objects"), AT))
                .expectResultMessagePayload(new DispatchDecision(false, RefusalReason.BALANCE_EXHAUSTED, "balance", 0, -1.0))
                .expectEvents(new DispatchRefusedEvent(TENANT, LoopContext.ING, "task-2", RefusalReason.BALANCE_EXHAUSTED, "balance", 0, -1.0, AT));
    }

    @Test
    void creditsRaiseTheBalanceOncePerReference() {
        fixture.given(opened())
                .andGiven(metered("job-1/ingested-objects", "ingested-objects", 2, AT, 1, "0.5", "1.000000", "-1.000000"))
                .when(new AddCreditsCommand(TENANT, new BigDecimal("100"), "invoice-1", AT))
                .expectEvents(new CreditsAddedEvent(TENANT, new BigDecimal("100"), "invoice-1", new BigDecimal("99.000000"), AT));
        fixture.given(opened())
                .andGiven(new CreditsAddedEvent(TENANT, new BigDecimal("100"), "invoice-1", new BigDecimal("100"), AT))
                .when(new AddCreditsCommand(TENANT, new BigDecimal("100"), "invoice-1", AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aQuotaIsSetOnAWholeResourceWithAPeriod() {
        fixture.given(opened())
                .when(new SetQuotaCommand(TENANT, "ingested-bytes", 1e9, QuotaPeriod.MONTH, AT))
                .expectEvents(new QuotaSetEvent(TENANT, "ingested-bytes", 1e9, QuotaPeriod.MONTH, AT));
        fixture.given(opened())
                .when(new SetQuotaCommand(TENANT, "ingested-bytes", -1, QuotaPeriod.MONTH, AT))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void aNegativeOrUnnamedUsageIsBadInput() {
        fixture.given(opened())
                .when(usage("job-1/ingested-objects", "ingested-objects", -1, AT))
                .expectException(FleetloopException.class)
                .expectNoEvents();
        fixture.given(opened())
                .when(usage("job-1/x", "Not A Resource", 1, AT))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }
}
