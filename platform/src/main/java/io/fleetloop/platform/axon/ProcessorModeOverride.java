package io.fleetloop.platform.axon;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fleetloop.processors.streaming=pooled} runs every processor configured as {@code mode: tracking} as Axon's
 * pooled streaming processor instead (one coordinator reading the stream per processor, work packages per segment,
 * tokens stored per batch and periodically rather than on every wake-up). Off by default ({@code tracking}): it is
 * the switch the command-side and collection-latency benches compare, not yet the platform's default.
 */
public class ProcessorModeOverride implements EnvironmentPostProcessor {

    static final String PROPERTY = "fleetloop.processors.streaming";
    private static final Pattern MODE = Pattern.compile("axon\\.eventhandling\\.processors\\.(.+)\\.mode");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String streaming = environment.getProperty(PROPERTY, "tracking");
        if (streaming.equals("tracking")) return;
        if (!streaming.equals("pooled")) throw new IllegalArgumentException(PROPERTY + ": tracking or pooled, was '" + streaming + "'");
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) continue;
            for (String name : enumerable.getPropertyNames()) {
                Matcher matcher = MODE.matcher(name);
                if (matcher.matches() && "tracking".equalsIgnoreCase(String.valueOf(environment.getProperty(name)))) {
                    overrides.put(name, "pooled");
                    // Axon's default for a pooled processor is 16 segments, each a work package that stores its own
                    // token; a tracking processor here has one, so the switch keeps one unless a count is configured.
                    String segments = "axon.eventhandling.processors." + matcher.group(1) + ".initial-segment-count";
                    if (environment.getProperty(segments) == null) overrides.put(segments, 1);
                }
            }
        }
        environment.getPropertySources().addFirst(new MapPropertySource("fleetloop-pooled-processors", overrides));
    }
}
