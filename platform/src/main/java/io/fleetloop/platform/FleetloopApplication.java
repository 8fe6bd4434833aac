package io.fleetloop.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The runnable Fleetloop platform: all contexts in one application, on real servers. */
@SpringBootApplication(scanBasePackages = "io.fleetloop")
@ConfigurationPropertiesScan("io.fleetloop")
public class FleetloopApplication {

    public static void main(String[] args) {
        SpringApplication.run(FleetloopApplication.class, args);
    }
}
