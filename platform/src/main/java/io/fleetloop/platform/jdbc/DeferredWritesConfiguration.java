package io.fleetloop.platform.jdbc;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * Wraps the application's data source ({@code dataSource}) so that the command path's inserts go with the COMMIT
 * ({@link DeferredWritesDataSource}). Off with {@code fleetloop.jdbc.deferred-writes=false} (for comparison runs).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "fleetloop.jdbc.deferred-writes", havingValue = "true", matchIfMissing = true)
class DeferredWritesConfiguration {

    @Bean
    static BeanPostProcessor deferredWritesDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if ("dataSource".equals(beanName) && bean instanceof DataSource dataSource && !(bean instanceof DeferredWritesDataSource)) {
                    return new DeferredWritesDataSource(dataSource);
                }
                return bean;
            }
        };
    }
}
