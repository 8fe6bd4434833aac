package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.BuiltinOperators;
import io.fleetloop.api.orchestration.workflow.MissedRunPolicy;
import io.fleetloop.api.orchestration.workflow.ParameterSpec;
import io.fleetloop.api.orchestration.workflow.ResourceRequest;
import io.fleetloop.api.orchestration.workflow.RetryPolicy;
import io.fleetloop.api.orchestration.workflow.StepSpec;
import io.fleetloop.api.orchestration.workflow.WorkflowDag;
import io.fleetloop.api.orchestration.workflow.WorkflowNode;
import io.fleetloop.api.orchestration.workflow.WorkflowRevision;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a workflow revision on save and pins its operators: every problem is a 400 naming the node and field
 * ({@code nodes[<nodeId>].<field>}). Checks: names, time zone, operators and versions known to the tenant, parameters
 * against the version's schema, inputs wired to an upstream node's declared output or a declared run input, every
 * operator input wired, the graph acyclic (the cycle is named), retries/timeout/resources sane, triggers well-formed.
 */
@Component
class WorkflowRevisionCheck {

    static final Set<String> EVENTS = Set.of("asset_new", "asset_done", "ingestion.completed", "behavior.feedback-decision");
    static final int MAX_NODES = 200;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.:/-]{0,127}");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private final OperatorResolver operators;

    WorkflowRevisionCheck(OperatorResolver operators) {
        this.operators = operators;
    }

    WorkflowRevision check(int number, String tenantId, String name, String timeZone, List<StepSpec> steps,
                           Map<String, ParameterSpec> runInputs, List<WorkflowTrigger> triggers, Instant savedAt) {
        if (name == null || !NAME.matcher(name).matches()) throw FleetloopException.invalid("name", "1-128 letters, digits, spaces or _ . : / -");
        String zone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw FleetloopException.invalid("timeZone", "an IANA time zone such as Europe/Berlin (got " + zone + ")");
        }
        Map<String, ParameterSpec> inputs = runInputs == null ? Map.of() : runInputs;
        ParameterTypes.checkSchema("runInputs", inputs);
        if (steps == null || steps.isEmpty()) throw FleetloopException.invalid("nodes", "at least one node");
        if (steps.size() > MAX_NODES) throw FleetloopException.invalid("nodes", "at most " + MAX_NODES + " nodes");
        Map<String, StepSpec> byId = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            StepSpec step = steps.get(i);
            if (step == null || step.nodeId() == null || !NODE_ID.matcher(step.nodeId()).matches()) {
                throw FleetloopException.invalid("nodes[" + i + "].nodeId", "a letter, then letters, digits, _ or - (at most 64)");
            }
            if (byId.putIfAbsent(step.nodeId(), step) != null) throw FleetloopException.invalid("nodes[" + step.nodeId() + "].nodeId", "used twice");
        }
        Map<String, OperatorResolver.Resolved> resolved = new HashMap<>();
        Map<String, List<String>> outputs = new HashMap<>();
        for (StepSpec step : byId.values()) {
            String at = "nodes[" + step.nodeId() + "]";
            if (step.operatorId() == null || step.operatorId().isBlank()) throw FleetloopException.invalid(at + ".operatorId", "required");
            OperatorResolver.Resolved operator = operators.resolve(tenantId, step.operatorId(), step.operatorVersion()).orElseThrow(() ->
                    operators.exists(tenantId, step.operatorId())
                            ? FleetloopException.invalid(at + ".operatorVersion", "operator " + step.operatorId() + " has no version " + step.operatorVersion())
                            : FleetloopException.invalid(at + ".operatorId", "unknown operator " + step.operatorId()));
            resolved.put(step.nodeId(), operator);
            List<String> declared = step.outputs() == null || step.outputs().isEmpty() ? operator.definition().outputs() : step.outputs();
            for (String output : declared) {
                if (!operator.definition().outputs().contains(output)) {
                    throw FleetloopException.invalid(at + ".outputs", "operator " + step.operatorId() + " v" + operator.ref().version()
                            + " produces " + operator.definition().outputs() + ", not " + output);
                }
            }
            outputs.put(step.nodeId(), declared);
        }
        List<WorkflowNode> nodes = new ArrayList<>();
        Map<String, List<String>> upstream = new LinkedHashMap<>();
        for (StepSpec step : byId.values()) {
            String at = "nodes[" + step.nodeId() + "]";
            OperatorResolver.Resolved operator = resolved.get(step.nodeId());
            Map<String, String> wiring = step.inputs() == null ? Map.of() : step.inputs();
            List<String> edges = new ArrayList<>();
            for (String input : operator.definition().inputs()) {
                if (!wiring.containsKey(input)) throw FleetloopException.invalid(at + ".inputs." + input, "not wired (operator input " + input + ")");
            }
            wiring.forEach((input, source) -> {
                String field = at + ".inputs." + input;
                if (source == null || source.isBlank()) throw FleetloopException.invalid(field, "not wired");
                if (source.startsWith("$run.")) {
                    if (!inputs.containsKey(source.substring(5))) throw FleetloopException.invalid(field, "run input " + source.substring(5) + " is not declared in runInputs");
                    return;
                }
                int dot = source.indexOf('.');
                String from = dot < 0 ? source : source.substring(0, dot);
                String output = dot < 0 ? "" : source.substring(dot + 1);
                if (!outputs.containsKey(from)) throw FleetloopException.invalid(field, "not wired to an existing node output (" + source + ": no node " + from + ")");
                if (!outputs.get(from).contains(output)) {
                    throw FleetloopException.invalid(field, "not wired to an existing node output (" + source + ": node " + from + " outputs " + outputs.get(from) + ")");
                }
                edges.add(from);
            });
            upstream.put(step.nodeId(), edges);
            Map<String, Object> parameters = ParameterTypes.check(at + ".parameters", operator.definition().parameters(),
                    step.parameters() == null ? Map.of() : step.parameters());
            BuiltinOperators.byId(operator.ref().operatorId()).ifPresent(builtin -> builtinRules(at, builtin, parameters, wiring));
            RetryPolicy retry = step.retry() == null ? RetryPolicy.NONE : step.retry();
            if (retry.maxAttempts() < 1 || retry.maxAttempts() > 10) throw FleetloopException.invalid(at + ".retry.maxAttempts", "1-10 (the first attempt counts)");
            if (retry.backoff() == null || retry.backoff().isNegative() || retry.backoff().compareTo(Duration.ofHours(1)) > 0) {
                throw FleetloopException.invalid(at + ".retry.backoff", "0 to 1 hour");
            }
            if (!(retry.multiplier() >= 1 && retry.multiplier() <= 10)) throw FleetloopException.invalid(at + ".retry.multiplier", "1-10");
            if (step.timeout() != null && (step.timeout().compareTo(Duration.ofSeconds(1)) < 0 || step.timeout().compareTo(Duration.ofHours(24)) > 0)) {
                throw FleetloopException.invalid(at + ".timeout", "1 second to 24 hours");
            }
            ResourceRequest resources = step.resources() == null ? ResourceRequest.DEFAULT : step.resources();
            if (resources.cpuMillis() < 1 || resources.cpuMillis() > 64_000) throw FleetloopException.invalid(at + ".resources.cpuMillis", "1-64000");
            if (resources.memoryMb() < 1 || resources.memoryMb() > 262_144) throw FleetloopException.invalid(at + ".resources.memoryMb", "1-262144");
            nodes.add(new WorkflowNode(step.nodeId(), operator.ref(), wiring, outputs.get(step.nodeId()), parameters, retry, step.timeout(), resources));
        }
        acyclic(upstream);
        List<WorkflowTrigger> checked = new ArrayList<>();
        List<WorkflowTrigger> given = triggers == null ? List.of() : triggers;
        for (int i = 0; i < given.size(); i++) checked.add(trigger("triggers[" + i + "]", given.get(i)));
        return new WorkflowRevision(number, name, zone, new WorkflowDag(nodes), inputs, checked, savedAt);
    }

    /**
     * A built-in job's own rules: what it cannot start without (one of the names, as a parameter or a wired input) and
     * the allowed values of its string parameters.
     */
    private static void builtinRules(String at, BuiltinOperators.Builtin builtin, Map<String, Object> parameters, Map<String, String> wiring) {
        for (List<String> oneOf : builtin.needs()) {
            long given = oneOf.stream().filter(name -> parameters.get(name) != null || wiring.containsKey(name)).count();
            if (given == 0) {
                throw FleetloopException.invalid(at + ".parameters." + oneOf.get(0), "required by " + builtin.operatorId().value() + ": "
                        + (oneOf.size() == 1 ? "" : "one of " + oneOf + ", ") + "as a parameter or a wired input");
            }
            if (given > 1) {
                throw FleetloopException.invalid(at + ".parameters." + oneOf.get(1), "give only one of " + oneOf);
            }
        }
        builtin.choices().forEach((name, allowed) -> {
            Object value = parameters.get(name);
            if (value != null && allowed.stream().noneMatch(a -> a.equalsIgnoreCase(String.valueOf(value)))) {
                throw FleetloopException.invalid(at + ".parameters." + name, "one of " + String.join(", ", allowed) + " (got " + value + ")");
            }
        });
    }

    private static WorkflowTrigger trigger(String at, WorkflowTrigger trigger) {
        if (trigger == null || trigger.kind() == null) throw FleetloopException.invalid(at + ".kind", "SCHEDULE or EVENT");
        if (trigger.kind() == WorkflowTrigger.Kind.EVENT) {
            if (!EVENTS.contains(trigger.event())) throw FleetloopException.invalid(at + ".event", "one of " + EVENTS);
            trigger.filter().forEach((field, value) -> {
                if (field == null || !field.matches("[A-Za-z][A-Za-z0-9_.-]{0,127}")) throw FleetloopException.invalid(at + ".filter", "bad field name " + field);
                if (value == null || value.length() > 1024) throw FleetloopException.invalid(at + ".filter." + field, "a value or prefix* of at most 1024 characters");
            });
            return new WorkflowTrigger(WorkflowTrigger.Kind.EVENT, null, null, null, null, trigger.event(), trigger.filter());
        }
        boolean cron = trigger.cron() != null && !trigger.cron().isBlank();
        if (cron == (trigger.interval() != null)) throw FleetloopException.invalid(at + ".cron", "exactly one of cron or interval");
        if (cron) {
            try {
                CronExpression.parse(trigger.cron());
            } catch (IllegalArgumentException e) {
                throw FleetloopException.invalid(at + ".cron", "not a cron expression (six fields: second minute hour day month weekday): " + e.getMessage());
            }
        } else if (trigger.interval().compareTo(Duration.ofSeconds(1)) < 0 || trigger.interval().compareTo(Duration.ofDays(366)) > 0) {
            throw FleetloopException.invalid(at + ".interval", "1 second to 366 days");
        }
        int cap = trigger.catchUpCap() == null ? 10 : trigger.catchUpCap();
        if (cap < 1 || cap > 100) throw FleetloopException.invalid(at + ".catchUpCap", "1-100");
        MissedRunPolicy missed = trigger.missedRuns() == null ? MissedRunPolicy.SKIP : trigger.missedRuns();
        return new WorkflowTrigger(WorkflowTrigger.Kind.SCHEDULE, cron ? trigger.cron() : null, cron ? null : trigger.interval(), missed, cap, null, null);
    }

    /** Depth-first search; a back edge is a cycle, named in order (a → b → a). */
    private static void acyclic(Map<String, List<String>> upstream) {
        Map<String, Integer> state = new HashMap<>();
        for (String node : upstream.keySet()) visit(node, upstream, state, new ArrayList<>());
    }

    private static void visit(String node, Map<String, List<String>> upstream, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) return;
        if (seen != null && seen == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            java.util.Collections.reverse(cycle); // edges point upstream; name the cycle in data-flow order
            throw FleetloopException.invalid("nodes[" + node + "].inputs", "the DAG has a cycle: " + String.join(" → ", cycle));
        }
        state.put(node, 1);
        path.add(node);
        for (String up : upstream.getOrDefault(node, List.of())) visit(up, upstream, state, path);
        path.remove(path.size() - 1);
        state.put(node, 2);
    }
}
