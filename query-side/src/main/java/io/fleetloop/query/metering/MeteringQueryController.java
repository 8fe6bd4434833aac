package io.fleetloop.query.metering;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.metering.BillingAccountView;
import io.fleetloop.api.metering.BillingLinesResponse;
import io.fleetloop.api.metering.CostByTenantResponse;
import io.fleetloop.api.metering.CostDashboardResponse;
import io.fleetloop.api.metering.FetchBillingAccountQuery;
import io.fleetloop.api.metering.FetchBillingLinesQuery;
import io.fleetloop.api.metering.FetchCostByTenantQuery;
import io.fleetloop.api.metering.FetchCostDashboardQuery;
import io.fleetloop.api.metering.FetchPriceListQuery;
import io.fleetloop.api.metering.FetchQuotasQuery;
import io.fleetloop.api.metering.FetchRoiQuery;
import io.fleetloop.api.metering.Granularity;
import io.fleetloop.api.metering.PriceListResponse;
import io.fleetloop.api.metering.QuotasResponse;
import io.fleetloop.api.metering.RoiResponse;
import io.fleetloop.query.common.BarCharts;
import io.fleetloop.query.common.Queries;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** {@code GET} price list, quotas, bill lines, account, cost dashboard, ROI and the dashboard's SVG charts. */
@RestController
class MeteringQueryController {

    static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    private final Queries queries;
    private final Clock clock;

    MeteringQueryController(Queries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/v1/price-list")
    PriceListResponse priceList(Caller caller) {
        return queries.get(new FetchPriceListQuery(caller.tenantId()), PriceListResponse.class);
    }

    @GetMapping("/v1/quotas")
    QuotasResponse quotas(Caller caller) {
        return queries.get(new FetchQuotasQuery(caller.tenantId(), clock.instant()), QuotasResponse.class);
    }

    @GetMapping("/v1/billing/lines")
    BillingLinesResponse lines(Caller caller, @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        Instant[] range = range(from, to);
        return queries.get(new FetchBillingLinesQuery(caller.tenantId(), range[0], range[1], new PageRequest(page, size)),
                BillingLinesResponse.class);
    }

    @GetMapping("/v1/billing/account")
    BillingAccountView account(Caller caller) {
        return queries.get(new FetchBillingAccountQuery(caller.tenantId()), BillingAccountView.class);
    }

    @GetMapping("/v1/cost-dashboard")
    CostDashboardResponse dashboard(Caller caller, @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                    @RequestParam(defaultValue = "day") String granularity) {
        Instant[] range = range(from, to);
        return queries.get(new FetchCostDashboardQuery(caller.tenantId(), range[0], range[1], granularity(granularity)),
                CostDashboardResponse.class);
    }

    @GetMapping("/v1/cost-dashboard/roi")
    RoiResponse roi(Caller caller, @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant[] range = range(from, to);
        return queries.get(new FetchRoiQuery(caller.tenantId(), range[0], range[1]), RoiResponse.class);
    }

    @GetMapping("/v1/cost-dashboard/chart.svg")
    ResponseEntity<String> chart(Caller caller, @RequestParam String series, @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to, @RequestParam(defaultValue = "day") String granularity) {
        Instant[] range = range(from, to);
        String svg = switch (series) {
            case "cost-by-context" -> {
                CostDashboardResponse dashboard = queries.get(new FetchCostDashboardQuery(caller.tenantId(), range[0], range[1],
                        granularity(granularity)), CostDashboardResponse.class);
                yield BarCharts.bars("Cost by context, " + caller.tenantId(), "cost",
                        dashboard.contexts().stream().map(c -> new BarCharts.Bar(c.context().name(), c.cost())).toList());
            }
            case "cost-over-time" -> {
                CostDashboardResponse dashboard = queries.get(new FetchCostDashboardQuery(caller.tenantId(), range[0], range[1],
                        granularity(granularity)), CostDashboardResponse.class);
                yield BarCharts.bars("Cost per " + dashboard.granularity().name().toLowerCase(Locale.ROOT) + ", " + caller.tenantId(), "cost",
                        dashboard.periods().stream().map(p -> new BarCharts.Bar(p.periodStart().toString().substring(0, 10), p.cost())).toList());
            }
            case "cost-by-tenant" -> {
                CostByTenantResponse tenants = queries.get(new FetchCostByTenantQuery(List.of(caller.tenantId()), range[0], range[1]),
                        CostByTenantResponse.class);
                yield BarCharts.bars("Cost by tenant", "cost",
                        tenants.tenants().stream().map(t -> new BarCharts.Bar(t.tenantId(), t.cost())).toList());
            }
            default -> throw FleetloopException.invalid("series", "cost-by-context, cost-over-time or cost-by-tenant");
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("image/svg+xml")).body(svg);
    }

    private Instant[] range(String from, String to) {
        Instant end = to == null || to.isBlank() ? clock.instant() : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_RANGE) : instant("from", from);
        if (!start.isBefore(end)) throw FleetloopException.invalid("from", "must be before to");
        return new Instant[]{start, end};
    }

    private static Instant instant(String field, String value) {
        try {
            return value.length() == 10 ? java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw FleetloopException.invalid(field, "an ISO-8601 instant (2026-12-01T00:00:00Z) or date (2026-12-01)");
        }
    }

    private static Granularity granularity(String value) {
        try {
            return Granularity.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FleetloopException.invalid("granularity", "day, week or month");
        }
    }
}
