package io.fleetloop.platform.infra;

import io.fleetloop.infra.LocalInfra;
import io.fleetloop.platform.security.SelfIssuedTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded default ({@code fleetloop.embedded.enabled=true}): before the application starts, start each
 * real server that is not configured — PostgreSQL (unless {@code spring.datasource.url} answers),
 * Elasticsearch, the S3-compatible store and Kafka — point the application at them, print their endpoints once
 * the platform is up, and stop them when it stops. With production URLs configured nothing is started.
 */
public class EmbeddedInfrastructure implements ApplicationListener<ApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private LocalInfra infra;
    private String serverUrl = "";

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment());
        } else if (event instanceof ApplicationReadyEvent ready && infra != null) {
            String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
            serverUrl = "http://localhost:" + port;
            String tokens = SelfIssuedTokens.selfIssued(ready.getApplicationContext().getEnvironment())
                    ? "  tokens:   ./fleetloop.sh token --user you@example.com --tenant demo --role DATA_ENGINEER   (then: Authorization: Bearer <token>)\n"
                    : "  tokens:   from your identity provider (spring.security.oauth2.resourceserver.jwt.*)\n";
            log.info("\n\nFleetloop is up: {}\n  health:   {}/actuator/health\n  GraphiQL: {}/graphiql\n{}\n{}\n",
                    serverUrl, serverUrl, serverUrl, tokens, infra.describe());
        } else if (event instanceof ContextClosedEvent && infra != null) {
            infra.close();
            infra = null;
        }
    }

    private void start(ConfigurableEnvironment env) {
        if (!env.getProperty("fleetloop.embedded.enabled", Boolean.class, false) || infra != null) {
            return;
        }
        String datasourceUrl = env.getProperty("spring.datasource.url");
        boolean postgres = datasourceUrl == null || !answers(datasourceUrl, env);
        boolean search = !env.containsProperty("fleetloop.search.url");
        boolean objectStore = !env.containsProperty("fleetloop.objectstore.endpoint");
        boolean kafka = !env.containsProperty("spring.kafka.bootstrap-servers");
        if (!(postgres || search || objectStore || kafka)) {
            return;
        }
        LocalInfra.Builder builder = LocalInfra.builder()
                .dataDir(Path.of(env.getProperty("fleetloop.data-dir", ".fleetloop")))
                .postgres(postgres).elasticsearch(search).objectStore(objectStore).kafka(kafka)
                .postgresDatabase(env.getProperty("fleetloop.embedded.database", "fleetloop"), false)
                .fixedPorts(true);
        if (datasourceUrl != null) {
            builder.postgresProbeUrl(datasourceUrl);
        }
        log.info("Starting the embedded servers (postgres={}, elasticsearch={}, object store={}, kafka={})",
                postgres, search, objectStore, kafka);
        infra = builder.start();
        Map<String, Object> properties = InfraProperties.pointingAt(infra);
        env.getPropertySources().addFirst(new MapPropertySource("fleetloopEmbeddedInfrastructure", properties));
    }

    private static boolean answers(String url, ConfigurableEnvironment env) {
        Properties credentials = new Properties();
        String user = env.getProperty("spring.datasource.username");
        String password = env.getProperty("spring.datasource.password");
        if (user != null) credentials.setProperty("user", user);
        if (password != null) credentials.setProperty("password", password);
        credentials.setProperty("connectTimeout", "3");
        try (var connection = DriverManager.getConnection(url, credentials)) {
            return connection.isValid(3);
        } catch (Exception e) {
            log.info("PostgreSQL at {} does not answer ({}); starting the embedded one", url, e.getMessage());
            return false;
        }
    }
}
