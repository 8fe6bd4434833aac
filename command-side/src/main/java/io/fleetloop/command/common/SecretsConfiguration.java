package io.fleetloop.command.common;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import java.util.Map;

/** The master keys ({@code fleetloop.encryption.*} or the data folder's key file) and the envelope encryption using them. */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    @Bean
    MasterKeys masterKeys(@Value("${fleetloop.encryption.master-key:}") String masterKey,
                          @Value("${fleetloop.encryption.master-key-id:}") String masterKeyId,
                          @Value("${fleetloop.data-dir:./.fleetloop}") String dataDir, Environment environment) {
        Map<String, String> previous = Binder.get(environment)
                .bind("fleetloop.encryption.previous-keys", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        return MasterKeys.of(masterKey, masterKeyId, previous, Path.of(dataDir));
    }

    @Bean
    EnvelopeEncryption envelopeEncryption(MasterKeys masterKeys) {
        return new EnvelopeEncryption(masterKeys);
    }
}
