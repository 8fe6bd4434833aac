package io.fleetloop.platform;

import io.fleetloop.platform.security.TokenCli;
import org.axonframework.springboot.autoconfig.AxonTimeoutAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import java.util.Arrays;

/**
 * The runnable Fleetloop platform: all contexts in one application, on real servers. Axon's time limits on units of
 * work are the platform's own ({@code platform/axon/TimeLimits}, same {@code axon.timeout} settings).
 */
@SpringBootApplication(scanBasePackages = "io.fleetloop", exclude = AxonTimeoutAutoConfiguration.class)
@ConfigurationPropertiesScan("io.fleetloop")
public class FleetloopApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(TokenCli.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        SpringApplication.run(FleetloopApplication.class, args);
    }
}
