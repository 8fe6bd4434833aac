package io.fleetloop.command.orchestration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EdgeCollectionConfiguration {

    @Bean
    CollectionRuleCheck collectionRuleCheck(EdgeCollectionProperties properties) {
        return new CollectionRuleCheck(properties.maxWindowSeconds(), properties.signals());
    }
}
