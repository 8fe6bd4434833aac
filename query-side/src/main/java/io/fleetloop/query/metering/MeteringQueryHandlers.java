package io.fleetloop.query.metering;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.metering.BillingAccountView;
import io.fleetloop.api.metering.BillingLine;
import io.fleetloop.api.metering.BillingLinesResponse;
import io.fleetloop.api.metering.ContextCost;
import io.fleetloop.api.metering.CostByTenantResponse;
import io.fleetloop.api.metering.CostDashboardResponse;
import io.fleetloop.api.metering.CostPeriod;
import io.fleetloop.api.metering.FetchBillingAccountQuery;
import io.fleetloop.api.metering.FetchBillingLinesQuery;
import io.fleetloop.api.metering.FetchCostByTenantQuery;
import io.fleetloop.api.metering.FetchCostDashboardQuery;
import io.fleetloop.api.metering.FetchPriceListQuery;
import io.fleetloop.api.metering.FetchQuotasQuery;
import io.fleetloop.api.metering.FetchRoiQuery;
import io.fleetloop.api.metering.Granularity;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.Price;
import io.fleetloop.api.metering.PriceListResponse;
import io.fleetloop.api.metering.PriceListVersion;
import io.fleetloop.api.metering.QuotaPeriod;
import io.fleetloop.api.metering.QuotaView;
import io.fleetloop.api.metering.QuotasResponse;
import io.fleetloop.api.metering.RoiResponse;
import io.fleetloop.api.metering.TenantCost;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Price lists, quotas, bill lines, the account and the cost dashboard, from the metering read models; always within the caller's tenant. */
@Component
class MeteringQueryHandlers {

    /** Units that count items (throughput); other units (bytes, seconds, GB-days) are volumes. */
    static final List<String> ITEM_UNITS = List.of("object", "asset", "item", "sample", "device");
    static final int MAX_PERIODS = 400;
    static final String ROI_FORMULA = "costPerOutcome = cost / (ASSETS_INGESTED + DATASETS_EXPORTED + MODEL_VERSIONS_RELEASED"
            + " + DEVICES_UPDATED + PROBLEM_SAMPLES_RESOLVED); costPer[kind] = cost / outcomes[kind]; cost = sum of bill line amounts"
            + " with from <= at < to";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    MeteringQueryHandlers(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @QueryHandler
    PriceListResponse handle(FetchPriceListQuery query) {
        List<PriceListVersion> versions = jdbc.sql("""
                        select version, effective_from, published_at, prices from price_list_view where tenant_id = ? order by version""")
                .param(query.tenantId())
                .query((rs, i) -> new PriceListVersion(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        prices(rs.getString(4))))
                .list();
        Instant now = clock.instant();
        int inForce = versions.stream().filter(v -> !v.effectiveFrom().isAfter(now)).mapToInt(PriceListVersion::version).max().orElse(0);
        return new PriceListResponse(inForce, versions);
    }

    @QueryHandler
    QuotasResponse handle(FetchQuotasQuery query) {
        record Row(String resource, double limit, QuotaPeriod period) {
        }
        List<Row> rows = jdbc.sql("select resource, quota_limit, period from quota_view where tenant_id = ? order by resource")
                .param(query.tenantId()).query((rs, i) -> new Row(rs.getString(1), rs.getDouble(2), QuotaPeriod.valueOf(rs.getString(3))))
                .list();
        List<QuotaView> quotas = new ArrayList<>();
        for (Row row : rows) {
            Instant start = periodStart(row.period(), query.now());
            double used = jdbc.sql("""
                            select coalesce(sum(quantity), 0) from billing_line
                            where tenant_id = ? and split_part(resource, ':', 1) = ? and at >= ?""")
                    .params(query.tenantId(), row.resource(), Timestamp.from(start)).query(Double.class).single();
            quotas.add(new QuotaView(row.resource(), row.limit(), row.period(), start, used, used >= row.limit()));
        }
        return new QuotasResponse(quotas);
    }

    @QueryHandler
    BillingLinesResponse handle(FetchBillingLinesQuery query) {
        requireRange(query.from(), query.to());
        List<BillingLine> lines = jdbc.sql("""
                        select usage_id, at, context, task_id, job_id, run_id, node_id, resource, quantity, unit, price_list_version,
                               unit_price, amount
                        from billing_line where tenant_id = ? and at >= ? and at < ? order by at, line_id limit ? offset ?""")
                .params(query.tenantId(), Timestamp.from(query.from()), Timestamp.from(query.to()), query.page().size(), query.page().offset())
                .query((rs, i) -> new BillingLine(rs.getString(1), rs.getTimestamp(2).toInstant(), LoopContext.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getDouble(9),
                        rs.getString(10), rs.getInt(11), rs.getBigDecimal(12).stripTrailingZeros(), rs.getBigDecimal(13)))
                .list();
        record Totals(long count, BigDecimal amount) {
        }
        Totals totals = jdbc.sql("select count(*), coalesce(sum(amount), 0) from billing_line where tenant_id = ? and at >= ? and at < ?")
                .params(query.tenantId(), Timestamp.from(query.from()), Timestamp.from(query.to()))
                .query((rs, i) -> new Totals(rs.getLong(1), rs.getBigDecimal(2))).single();
        return new BillingLinesResponse(lines, query.page().page(), query.page().size(), totals.count(), totals.amount());
    }

    @QueryHandler
    BillingAccountView handle(FetchBillingAccountQuery query) {
        BigDecimal credits = jdbc.sql("select coalesce(sum(amount), 0) from billing_credit where tenant_id = ?")
                .param(query.tenantId()).query(BigDecimal.class).single();
        BigDecimal debits = jdbc.sql("select coalesce(sum(amount), 0) from billing_line where tenant_id = ?")
                .param(query.tenantId()).query(BigDecimal.class).single();
        record Account(BigDecimal balance, boolean stop) {
        }
        Account account = jdbc.sql("select balance, stop_dispatch_when_exhausted from billing_account_view where tenant_id = ?")
                .param(query.tenantId()).query((rs, i) -> new Account(rs.getBigDecimal(1), rs.getBoolean(2))).optional()
                .orElse(new Account(BigDecimal.ZERO, false));
        return new BillingAccountView(query.tenantId(), account.balance(), credits, debits, account.stop());
    }

    @QueryHandler
    CostDashboardResponse handle(FetchCostDashboardQuery query) {
        requireRange(query.from(), query.to());
        List<Instant> periods = periods(query.from(), query.to(), query.granularity());
        Map<Instant, Map<LoopContext, ContextCost>> byPeriod = new TreeMap<>();
        periods.forEach(p -> byPeriod.put(p, zeros()));
        String unit = query.granularity().name().toLowerCase();
        jdbc.sql("""
                        select date_trunc('%s', at at time zone 'UTC') at time zone 'UTC', context,
                               sum(case when unit in (%s) then quantity else 0 end),
                               sum(case when split_part(resource, ':', 1) = 'worker-seconds' then quantity else 0 end),
                               sum(amount)
                        from billing_line where tenant_id = ? and at >= ? and at < ? group by 1, 2""".formatted(unit, itemUnits()))
                .params(query.tenantId(), Timestamp.from(query.from()), Timestamp.from(query.to()))
                .query(rs -> {
                    Instant period = rs.getTimestamp(1).toInstant();
                    LoopContext context = LoopContext.valueOf(rs.getString(2));
                    byPeriod.computeIfAbsent(period, p -> zeros())
                            .put(context, contextCost(context, rs.getDouble(3), rs.getDouble(4), rs.getBigDecimal(5)));
                });
        Map<LoopContext, ContextCost> totals = zeros();
        List<CostPeriod> result = new ArrayList<>();
        for (Map.Entry<Instant, Map<LoopContext, ContextCost>> period : byPeriod.entrySet()) {
            BigDecimal periodCost = BigDecimal.ZERO;
            for (ContextCost cost : period.getValue().values()) {
                periodCost = periodCost.add(cost.cost());
                ContextCost total = totals.get(cost.context());
                totals.put(cost.context(), contextCost(cost.context(), total.items() + cost.items(), total.seconds() + cost.seconds(),
                        total.cost().add(cost.cost())));
            }
            result.add(new CostPeriod(period.getKey(), periodCost, List.copyOf(period.getValue().values())));
        }
        BigDecimal totalCost = totals.values().stream().map(ContextCost::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new CostDashboardResponse(query.from(), query.to(), query.granularity(), totalCost, List.copyOf(totals.values()), result);
    }

    @QueryHandler
    RoiResponse handle(FetchRoiQuery query) {
        requireRange(query.from(), query.to());
        BigDecimal cost = jdbc.sql("select coalesce(sum(amount), 0) from billing_line where tenant_id = ? and at >= ? and at < ?")
                .params(query.tenantId(), Timestamp.from(query.from()), Timestamp.from(query.to())).query(BigDecimal.class).single();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (String kind : List.of("ASSETS_INGESTED", "DATASETS_EXPORTED", "MODEL_VERSIONS_RELEASED", "DEVICES_UPDATED", "PROBLEM_SAMPLES_RESOLVED")) {
            outcomes.put(kind, 0L);
        }
        jdbc.sql("select kind, sum(quantity) from loop_outcome where tenant_id = ? and at >= ? and at < ? group by kind")
                .params(query.tenantId(), Timestamp.from(query.from()), Timestamp.from(query.to()))
                .query(rs -> {
                    outcomes.put(rs.getString(1), rs.getLong(2));
                });
        long total = outcomes.values().stream().mapToLong(Long::longValue).sum();
        Map<String, BigDecimal> costPer = new LinkedHashMap<>();
        outcomes.forEach((kind, count) -> costPer.put(kind, divide(cost, count)));
        return new RoiResponse(query.from(), query.to(), cost, outcomes, total, costPer, divide(cost, total), ROI_FORMULA);
    }

    @QueryHandler
    CostByTenantResponse handle(FetchCostByTenantQuery query) {
        List<TenantCost> tenants = new ArrayList<>();
        for (String tenant : query.tenantIds()) {
            BigDecimal cost = jdbc.sql("select coalesce(sum(amount), 0) from billing_line where tenant_id = ? and at >= ? and at < ?")
                    .params(tenant, Timestamp.from(query.from()), Timestamp.from(query.to())).query(BigDecimal.class).single();
            tenants.add(new TenantCost(tenant, cost));
        }
        return new CostByTenantResponse(tenants);
    }

    private static BigDecimal divide(BigDecimal amount, double by) {
        return by <= 0 ? null : amount.divide(BigDecimal.valueOf(by), 6, RoundingMode.HALF_EVEN);
    }

    private static ContextCost contextCost(LoopContext context, double items, double seconds, BigDecimal cost) {
        return new ContextCost(context, items, seconds, cost, divide(cost, items));
    }

    private static Map<LoopContext, ContextCost> zeros() {
        Map<LoopContext, ContextCost> zeros = new EnumMap<>(LoopContext.class);
        for (LoopContext context : LoopContext.values()) zeros.put(context, contextCost(context, 0, 0, BigDecimal.ZERO));
        return zeros;
    }

    private static String itemUnits() {
        return String.join(", ", ITEM_UNITS.stream().map(u -> "'" + u + "'").toList());
    }

    static List<Instant> periods(Instant from, Instant to, Granularity granularity) {
        List<Instant> periods = new ArrayList<>();
        OffsetDateTime period = truncate(from.atOffset(ZoneOffset.UTC), granularity);
        while (period.toInstant().isBefore(to)) {
            if (periods.size() >= MAX_PERIODS) {
                throw FleetloopException.invalid("granularity", "at most " + MAX_PERIODS + " periods per request: narrow from/to or use a coarser granularity");
            }
            periods.add(period.toInstant());
            period = switch (granularity) {
                case DAY -> period.plusDays(1);
                case WEEK -> period.plusWeeks(1);
                case MONTH -> period.plusMonths(1);
            };
        }
        return periods;
    }

    private static OffsetDateTime truncate(OffsetDateTime at, Granularity granularity) {
        OffsetDateTime day = at.truncatedTo(ChronoUnit.DAYS);
        return switch (granularity) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    static Instant periodStart(QuotaPeriod period, Instant at) {
        return truncate(at.atOffset(ZoneOffset.UTC), period == QuotaPeriod.DAY ? Granularity.DAY : Granularity.MONTH).toInstant();
    }

    private static void requireRange(Instant from, Instant to) {
        if (!from.isBefore(to)) throw FleetloopException.invalid("from", "must be before to");
    }

    private List<Price> prices(String prices) {
        try {
            return json.readValue(prices, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
