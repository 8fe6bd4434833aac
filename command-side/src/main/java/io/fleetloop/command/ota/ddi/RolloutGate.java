package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.ota.PromoteRolloutCommand;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.RolloutGateEvidence;
import io.fleetloop.api.ota.TripRolloutGateCommand;
import io.fleetloop.command.ota.RateComparison;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Optional;

/**
 * The rollout gate (issue 14 §4), decided on the command side from its own tables: for the tenant's latest rollout of a
 * device type ({@code ddi_release}, {@code ddi_action}), the devices of the rollout that run the new version against the
 * devices of that type still on another version, over the collection status they reported since the rollout's first
 * action ({@code ddi_collection_exposure}: km driven, triggers fired). When the new version's triggers per 100 km are worse
 * than {@code (1 + margin)} times the old ones' with {@link RateComparison}'s one-sided exact conditional test below
 * {@code alpha}, and there is enough evidence (at least {@code min-triggers} triggers in all, {@code min-km} km on each
 * side), the release task is sent {@link TripRolloutGateCommand}; the aggregate pauses a RUNNING rollout once per batch.
 */
@Component
public class RolloutGate {

    private static final Logger log = LoggerFactory.getLogger(RolloutGate.class);

    private final JdbcClient jdbc;
    private final CommandGateway commands;
    private final boolean enabled;
    private final double margin;
    private final double alpha;
    private final long minTriggers;
    private final double minKm;

    RolloutGate(JdbcClient jdbc, CommandGateway commands,
                @Value("${fleetloop.ota.rollout-gate.enabled:true}") boolean enabled,
                @Value("${fleetloop.ota.rollout-gate.margin:0.2}") double margin,
                @Value("${fleetloop.ota.rollout-gate.alpha:0.01}") double alpha,
                @Value("${fleetloop.ota.rollout-gate.min-triggers:10}") long minTriggers,
                @Value("${fleetloop.ota.rollout-gate.min-km:50}") double minKm) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.enabled = enabled;
        this.margin = margin;
        this.alpha = alpha;
        this.minTriggers = minTriggers;
        this.minKm = minKm;
    }

    private record Rollout(String taskId, String versionId, Timestamp startedAt) {
    }

    private record Side(long devices, long triggers, double km) {
    }

    void evaluate(String tenant, String deviceType) {
        if (!enabled) return;
        Optional<Rollout> rollout = jdbc.sql("""
                        select r.task_id as task_id, r.version_id as version_id, (select min(a.created_at) from ddi_action a where a.task_id = r.task_id and a.kind = 'UPDATE') as started_at
                        from ddi_release r where r.tenant_id = ? and r.device_type = ?
                        and exists (select 1 from ddi_action a where a.task_id = r.task_id and a.kind = 'UPDATE')
                        order by r.release_counter desc limit 1""")
                .params(tenant, deviceType).query(Rollout.class).optional();
        if (rollout.isEmpty()) return;
        Rollout r = rollout.get();
        Side fresh = jdbc.sql("""
                        select count(distinct e.device_id) as devices, coalesce(sum(e.triggers), 0) as triggers, coalesce(sum(e.distance_km), 0) as km
                        from ddi_collection_exposure e where e.tenant_id = ? and e.device_type = ? and e.reported_at >= ? and e.version_id = ?
                        and exists (select 1 from ddi_action a where a.task_id = ? and a.device_id = e.device_id and a.kind = 'UPDATE')""")
                .params(tenant, deviceType, r.startedAt(), r.versionId(), r.taskId()).query(Side.class).single();
        Side old = jdbc.sql("""
                        select count(distinct e.device_id) as devices, coalesce(sum(e.triggers), 0) as triggers, coalesce(sum(e.distance_km), 0) as km
                        from ddi_collection_exposure e where e.tenant_id = ? and e.device_type = ? and e.reported_at >= ?
                        and e.version_id is distinct from ?""")
                .params(tenant, deviceType, r.startedAt(), r.versionId()).query(Side.class).single();
        if (fresh.triggers() + old.triggers() < minTriggers || fresh.km() < minKm || old.km() < minKm) return;
        double newRate = fresh.triggers() * 100.0 / fresh.km();
        double oldRate = old.triggers() * 100.0 / old.km();
        if (newRate < oldRate * (1 - margin)) {
            promoteIfBetter(tenant, r, fresh, old, newRate, oldRate);
            return;
        }
        if (newRate <= oldRate * (1 + margin)) return;
        double p = RateComparison.pValueWorse(fresh.triggers(), fresh.km(), old.triggers(), old.km(), margin);
        if (p >= alpha) return;
        RolloutGateEvidence evidence = new RolloutGateEvidence(r.versionId(), fresh.devices(), fresh.triggers(), fresh.km(),
                old.devices(), old.triggers(), old.km(), newRate, oldRate, margin, p, alpha,
                "one-sided exact conditional Poisson rate test (binomial split of counts given km)");
        commands.send(new TripRolloutGateCommand(new ReleaseTaskId(r.taskId()), tenant, evidence))
                .exceptionally(e -> {
                    log.warn("Rollout gate for {} not applied: {}", r.taskId(), e.toString());
                    return null;
                });
    }

    /**
     * Early promotion: the new version triggers less than {@code (1 - margin)} times the old one's rate, with the mirror
     * test ({@link RateComparison#pValueBetter}) below {@code alpha}. The release decides whether its policy allows it and
     * whether a batch is waiting for its interval; otherwise the command changes nothing.
     */
    private void promoteIfBetter(String tenant, Rollout r, Side fresh, Side old, double newRate, double oldRate) {
        double p = RateComparison.pValueBetter(fresh.triggers(), fresh.km(), old.triggers(), old.km(), margin);
        if (p >= alpha) return;
        RolloutGateEvidence evidence = new RolloutGateEvidence(r.versionId(), fresh.devices(), fresh.triggers(), fresh.km(),
                old.devices(), old.triggers(), old.km(), newRate, oldRate, margin, p, alpha,
                "one-sided exact conditional Poisson rate test, new better (binomial split of counts given km)");
        commands.send(new PromoteRolloutCommand(new ReleaseTaskId(r.taskId()), tenant, evidence))
                .exceptionally(e -> {
                    log.warn("Rollout gate promotion of {} not applied: {}", r.taskId(), e.toString());
                    return null;
                });
    }
}
