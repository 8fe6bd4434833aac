package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.common.FleetloopException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a device sleeps between polls ({@code config.polling.sleep}): the tenant's setting from the API
 * ({@code ddi_polling_config}), else {@code fleetloop.ota.polling.<tenant>}, else the global properties. Like hawkBit's
 * poll time that follows the device's state, a device with an action pending or running is told the shorter
 * {@code activeSleep}, so it reports progress and learns of a cancel quickly, while idle devices poll rarely.
 * Every poll asks, so the tenant's row is cached for a few seconds per replica (one entry per tenant).
 */
@Component
class PollingIntervals {

    enum Source { API, PROPERTY, DEFAULT }

    record Intervals(Duration sleep, Duration activeSleep, Source source) {
    }

    static final Duration MIN = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofHours(24);
    private static final Duration CACHED_FOR = Duration.ofSeconds(5);

    private record Cached(Optional<Intervals> fromApi, Instant readAt) {
    }

    private final JdbcClient jdbc;
    private final OtaProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    PollingIntervals(JdbcClient jdbc, OtaProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    Duration sleep(String tenantId, boolean actionOpen) {
        Intervals intervals = of(tenantId);
        return actionOpen ? intervals.activeSleep() : intervals.sleep();
    }

    Intervals of(String tenantId) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenantId);
        if (cached == null || cached.readAt().isBefore(now.minus(CACHED_FOR))) {
            cached = new Cached(fromApi(tenantId), now);
            cache.put(tenantId, cached);
        }
        return cached.fromApi().orElseGet(() -> fromProperties(tenantId));
    }

    void set(String tenantId, Duration sleep, Duration activeSleep, String operator) {
        requireValid("sleep", sleep, MAX);
        requireValid("activeSleep", activeSleep, sleep);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into ddi_polling_config (tenant_id, sleep_seconds, active_sleep_seconds, updated_by, updated_at) values (?, ?, ?, ?, ?)
                on conflict (tenant_id) do update set sleep_seconds = excluded.sleep_seconds,
                    active_sleep_seconds = excluded.active_sleep_seconds, updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
                .params(tenantId, (int) sleep.getSeconds(), (int) activeSleep.getSeconds(), operator, Timestamp.from(now)).update();
        cache.put(tenantId, new Cached(Optional.of(new Intervals(sleep, activeSleep, Source.API)), now));
    }

    private static void requireValid(String field, Duration value, Duration max) {
        if (value == null) throw FleetloopException.invalid(field, "required, an ISO-8601 duration such as PT5M");
        if (value.getNano() != 0 || value.compareTo(MIN) < 0 || value.compareTo(max) > 0) {
            throw FleetloopException.invalid(field, "whole seconds from " + MIN + " to " + max);
        }
    }

    private Optional<Intervals> fromApi(String tenantId) {
        return jdbc.sql("select sleep_seconds, active_sleep_seconds from ddi_polling_config where tenant_id = ?").param(tenantId)
                .query((rs, n) -> new Intervals(Duration.ofSeconds(rs.getInt(1)), Duration.ofSeconds(rs.getInt(2)), Source.API)).optional();
    }

    private Intervals fromProperties(String tenantId) {
        OtaProperties.Polling tenant = properties.polling().get(tenantId);
        Duration sleep = tenant != null && tenant.sleep() != null ? tenant.sleep() : properties.pollingSleep();
        Duration active = tenant != null && tenant.activeSleep() != null ? tenant.activeSleep() : properties.pollingActiveSleep();
        // Never longer while busy than when idle.
        return new Intervals(sleep, active.compareTo(sleep) > 0 ? sleep : active, tenant == null ? Source.DEFAULT : Source.PROPERTY);
    }
}
