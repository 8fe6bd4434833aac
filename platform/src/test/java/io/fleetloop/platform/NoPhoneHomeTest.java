package io.fleetloop.platform;

import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.TestServers;
import org.axonframework.updates.configuration.UsagePropertyProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Air-gapped fleets: the platform reaches only the servers it is configured with. Axon's update checker (anonymous
 * usage data to AxonIQ) is off by the application's own configuration, not by a JVM flag of the test run: this test
 * removes the flag the build sets and makes Axon believe it is not in a test, so the checker would run if enabled.
 * Every connection made through {@code java.net} (HttpURLConnection, Socket) asks the default ProxySelector first;
 * a recording one sees where the platform tries to go.
 */
class NoPhoneHomeTest {

    private static final String CHECKER_FLAG = "axoniq.update-checker.disabled";
    private static final String NOT_A_TEST = "axoniq.usage.force-test-environment";

    @Test
    void thePlatformConnectsOnlyToItsConfiguredServers() {
        Map<String, Object> properties = TestServers.platformProperties("nophone");
        Set<String> configured = Stream.of("spring.datasource.url", "fleetloop.search.url", "fleetloop.objectstore.endpoint",
                        "spring.kafka.bootstrap-servers", "fleetloop.annotation.training-webhook.url")
                .map(key -> host(String.valueOf(properties.get(key)))).collect(Collectors.toSet());
        Set<URI> foreign = ConcurrentHashMap.newKeySet();
        ProxySelector previous = ProxySelector.getDefault();
        String flag = System.clearProperty(CHECKER_FLAG);
        System.setProperty(NOT_A_TEST, "true");
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                if (uri.getHost() != null && !configured.contains(uri.getHost()) && !isLocal(uri.getHost())) foreign.add(uri);
                return previous == null ? List.of(Proxy.NO_PROXY) : previous.select(uri);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
                if (previous != null) previous.connectFailed(uri, address, failure);
            }
        });
        try (RunningPlatform platform = RunningPlatform.start(properties)) {
            assertThat(platform.bean("usagePropertyProvider", UsagePropertyProvider.class).getDisabled())
                    .as("Axon's update checker is disabled by the application's configuration").isTrue();
            // The checker's first call would come a second after start; several seconds of silence towards anywhere else.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(foreign).as("connection attempts beyond the configured servers").isEmpty());
        } finally {
            ProxySelector.setDefault(previous);
            System.clearProperty(NOT_A_TEST);
            if (flag != null) System.setProperty(CHECKER_FLAG, flag);
        }
    }

    private static boolean isLocal(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** The host of a JDBC URL, an http(s) URL or a Kafka host:port list. */
    private static String host(String endpoint) {
        Matcher matcher = Pattern.compile("^(?:[a-z:]+//)?([^/:,]+)").matcher(endpoint.replaceFirst("^jdbc:", ""));
        return matcher.find() ? matcher.group(1) : endpoint;
    }
}
