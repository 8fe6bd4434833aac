package io.fleetloop.query.governance.masking;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.List;

/** The masking engine of this installation: the effective rules and, if a rule hashes, the installation's HMAC key. */
@Configuration(proxyBeanMethods = false)
class MaskingConfiguration {

    @Bean
    MaskingEngine maskingEngine(MaskingProperties properties, @Value("${fleetloop.data-dir:./.fleetloop}") String dataDir) {
        if (!properties.enabled()) return MaskingEngine.disabled();
        List<MaskingRule> rules = properties.effectiveRules();
        boolean hashes = rules.stream().anyMatch(rule -> rule.strategy() == MaskingStrategy.HASH);
        return new MaskingEngine(rules, hashes ? MaskingHashKey.resolve(properties.hashKey(), Path.of(dataDir)) : null);
    }
}
