package io.fleetloop.query.governance.masking;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.governance.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/governance/masking-rules}: the rules in force, who reads each field in the clear, and the caller's level. */
@RestController
class MaskingRulesController {

    record RestMaskingRule(String name, List<String> fields, MaskingStrategy strategy, Map<String, Integer> parameters,
                           int minLevel, List<Role> clearFor, boolean maskedForYou) {
    }

    record RestMaskingRules(boolean enabled, int yourLevel, List<RestMaskingRule> rules) {
    }

    private final MaskingEngine engine;

    MaskingRulesController(MaskingEngine engine) {
        this.engine = engine;
    }

    @GetMapping("/v1/governance/masking-rules")
    RestMaskingRules rules(Caller caller) {
        int level = MaskingEngine.levelOf(caller);
        return new RestMaskingRules(engine.enabled(), level, engine.rules().stream().map(rule -> view(rule, level)).toList());
    }

    private static RestMaskingRule view(MaskingRule rule, int level) {
        Map<String, Integer> parameters = new LinkedHashMap<>();
        if (rule.keepLast() != null) parameters.put("keepLast", rule.keepLast());
        if (rule.decimals() != null) parameters.put("decimals", rule.decimals());
        if (rule.length() != null) parameters.put("length", rule.length());
        List<Role> clearFor = Arrays.stream(Role.values()).filter(role -> rule.clearFor(role.level())).toList();
        return new RestMaskingRule(rule.name(), rule.field(), rule.strategy(), parameters, rule.minLevel(), clearFor,
                !rule.clearFor(level));
    }
}
