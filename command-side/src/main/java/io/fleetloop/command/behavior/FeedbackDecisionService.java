package io.fleetloop.command.behavior;

import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.TimeWindow;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.FleetloopException;
import org.springframework.stereotype.Component;

import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Seed 000 §4 step 10: computes the {@link NextIngestionScope} of a backfill from its problem samples — deterministic
 * (the same samples and options always give the same scope) and explained in docs/closed-loop.md:
 * <ul>
 *   <li>devices: the sessions' devices; device types: theirs in the device registry, plus the types asked for;</li>
 *   <li>trigger rule: every {@link #TRIGGER_RULES policy} a sample matches (by its channels, else by its problem type),
 *       joined with {@code ||}; pre/post seconds: the largest of the matched policies (or as asked);</li>
 *   <li>time windows: each segment widened by pre/post seconds, overlapping ones merged;</li>
 *   <li>scene tags: the sessions'; modalities: named by the channels (the first segment of a channel name holding one of
 *       {@link #MODALITY_WORDS}), the asked one first;</li>
 *   <li>ingestion: the source asked for, else the tenant's only data source (none or several: 400); include pattern
 *       {@code **} and target path {@code backfill/<decisionId>} unless given.</li>
 * </ul>
 */
@Component
class FeedbackDecisionService {

    /** What trigger-backfill may set; everything else is derived. */
    record Options(String sourceId, String includePattern, String targetPath, Modality modality, Integer preSeconds, Integer postSeconds,
                   List<String> deviceTypes) {
    }

    /** A named trigger policy: when a sample matches, {@code expression} is the rule that would have caught it. */
    record TriggerPolicy(String name, BiPredicate<ProblemType, List<String>> matches, String expression, int preSeconds, int postSeconds,
                         boolean byChannel) {
    }

    static final List<TriggerPolicy> TRIGGER_RULES = List.of(
            new TriggerPolicy("takeover", (type, channels) -> anyContains(channels, "takeover", "disengage"), "takeover == 1", 10, 5, true),
            new TriggerPolicy("hard braking", (type, channels) -> anyContains(channels, "accel", "brake", "decel"), "accel_x < -4", 8, 4, true),
            new TriggerPolicy("harsh steering", (type, channels) -> anyContains(channels, "steer", "yaw_rate"), "abs(steering_rate) > 180", 8, 4, true),
            new TriggerPolicy("perception miss", (type, channels) -> type == ProblemType.PERCEPTION,
                    "perception.min_confidence < 0.3 || perception.track_lost == 1", 5, 5, false),
            new TriggerPolicy("emergency plan", (type, channels) -> type == ProblemType.DECISION, "planner.emergency_stop == 1", 10, 5, false),
            new TriggerPolicy("control deviation", (type, channels) -> type == ProblemType.CONTROL, "abs(control.tracking_error) > 0.5", 8, 4, false),
            new TriggerPolicy("device fault", (type, channels) -> type == ProblemType.DEVICE, "device.fault_code != 0", 30, 10, false));

    /** Channel words naming a modality, in the order they are tried. */
    static final List<java.util.Map.Entry<String, Modality>> MODALITY_WORDS = List.of(
            java.util.Map.entry("lidar", Modality.LIDAR), java.util.Map.entry("pointcloud", Modality.LIDAR),
            java.util.Map.entry("camera", Modality.CAMERA), java.util.Map.entry("image", Modality.CAMERA),
            java.util.Map.entry("radar", Modality.RADAR), java.util.Map.entry("imu", Modality.IMU), java.util.Map.entry("accel", Modality.IMU),
            java.util.Map.entry("gnss", Modality.GNSS), java.util.Map.entry("gps", Modality.GNSS), java.util.Map.entry("can", Modality.CAN),
            java.util.Map.entry("perception", Modality.PERCEPTION), java.util.Map.entry("mcap", Modality.MCAP));

    static final Set<String> DEVICE_TYPES = Set.of("VEHICLE", "ROBOT", "INDUSTRIAL");
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._=-]+(/[A-Za-z0-9._=-]+)*");
    static final int MAX_WINDOW_SECONDS = 3600;

    private final BehaviorDirectory directory;

    FeedbackDecisionService(BehaviorDirectory directory) {
        this.directory = directory;
    }

    NextIngestionScope scope(FeedbackDecisionId decisionId, String tenantId, List<BehaviorDirectory.Sample> samples, Options options) {
        if (samples.isEmpty()) throw FleetloopException.invalid("sampleIds", "at least one problem sample");
        List<TriggerPolicy> matched = new ArrayList<>();
        for (BehaviorDirectory.Sample sample : samples) {
            List<String> channels = sample.segment().channels().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
            List<TriggerPolicy> byChannel = TRIGGER_RULES.stream().filter(p -> p.byChannel() && p.matches().test(sample.problemType(), channels)).toList();
            List<TriggerPolicy> forSample = byChannel.isEmpty()
                    ? TRIGGER_RULES.stream().filter(p -> !p.byChannel() && p.matches().test(sample.problemType(), channels)).toList() : byChannel;
            forSample.stream().filter(p -> !matched.contains(p)).forEach(matched::add);
        }
        matched.sort(Comparator.comparingInt(TRIGGER_RULES::indexOf));
        String triggerRule = String.join(" || ", matched.stream().map(p -> matched.size() > 1 && p.expression().contains("||")
                ? "(" + p.expression() + ")" : p.expression()).toList());
        int pre = seconds("preSeconds", options.preSeconds(), matched.stream().mapToInt(TriggerPolicy::preSeconds).max().orElse(10));
        int post = seconds("postSeconds", options.postSeconds(), matched.stream().mapToInt(TriggerPolicy::postSeconds).max().orElse(5));

        Set<String> deviceIds = new TreeSet<>();
        Set<String> sceneTags = new TreeSet<>();
        samples.forEach(s -> {
            if (s.deviceId() != null) deviceIds.add(s.deviceId());
            sceneTags.addAll(s.sceneTags());
        });
        Set<String> deviceTypes = new TreeSet<>();
        deviceIds.forEach(d -> directory.deviceType(tenantId, d).ifPresent(deviceTypes::add));
        if (options.deviceTypes() != null) {
            for (String type : options.deviceTypes()) {
                String upper = type == null ? "" : type.toUpperCase(Locale.ROOT);
                if (!DEVICE_TYPES.contains(upper)) throw FleetloopException.invalid("deviceTypes", "VEHICLE, ROBOT or INDUSTRIAL");
                deviceTypes.add(upper);
            }
        }

        return new NextIngestionScope(List.copyOf(deviceIds), List.copyOf(deviceTypes), windows(samples, pre, post), List.copyOf(sceneTags),
                modalities(samples, options.modality()), triggerRule, pre, post, source(tenantId, options.sourceId()),
                includePattern(options.includePattern()), targetPath(decisionId, options.targetPath()));
    }

    private static int seconds(String field, Integer asked, int derived) {
        if (asked == null) return derived;
        if (asked < 0 || asked > MAX_WINDOW_SECONDS) throw FleetloopException.invalid(field, "0 to " + MAX_WINDOW_SECONDS);
        return asked;
    }

    /** Each segment widened by pre/post seconds; overlapping or touching windows merged; in time order. */
    static List<TimeWindow> windows(List<BehaviorDirectory.Sample> samples, int pre, int post) {
        List<TimeWindow> widened = samples.stream()
                .map(s -> new TimeWindow(s.segment().from().minus(Duration.ofSeconds(pre)), s.segment().to().plus(Duration.ofSeconds(post))))
                .sorted(Comparator.comparing(TimeWindow::from).thenComparing(TimeWindow::to)).toList();
        List<TimeWindow> merged = new ArrayList<>();
        for (TimeWindow w : widened) {
            TimeWindow last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !w.from().isAfter(last.to())) {
                merged.set(merged.size() - 1, new TimeWindow(last.from(), w.to().isAfter(last.to()) ? w.to() : last.to()));
            } else {
                merged.add(w);
            }
        }
        return List.copyOf(merged);
    }

    static List<Modality> modalities(List<BehaviorDirectory.Sample> samples, Modality asked) {
        EnumSet<Modality> named = EnumSet.noneOf(Modality.class);
        for (BehaviorDirectory.Sample sample : samples) {
            for (String channel : sample.segment().channels()) {
                // the first segment of the channel name that names a modality wins: "can/accel_x" is CAN
                for (String segment : channel.toLowerCase(Locale.ROOT).split("[/.:]")) {
                    var word = MODALITY_WORDS.stream().filter(w -> segment.contains(w.getKey())).findFirst();
                    if (word.isPresent()) {
                        named.add(word.get().getValue());
                        break;
                    }
                }
            }
        }
        LinkedHashSet<Modality> ordered = new LinkedHashSet<>();
        if (asked != null) ordered.add(asked);
        ordered.addAll(named);
        return List.copyOf(ordered);
    }

    private String source(String tenantId, String asked) {
        if (asked != null && !asked.isBlank()) {
            return directory.source(tenantId, asked.strip())
                    .orElseThrow(() -> FleetloopException.invalid("sourceId", "not a data source of this tenant")).sourceId();
        }
        List<BehaviorDirectory.Source> sources = directory.sources(tenantId, 2);
        if (sources.size() != 1) {
            throw FleetloopException.invalid("sourceId", sources.isEmpty() ? "the tenant has no data source to backfill from"
                    : "the tenant has several data sources; name the one to backfill from");
        }
        return sources.get(0).sourceId();
    }

    private static String includePattern(String asked) {
        String pattern = asked == null || asked.isBlank() ? "**" : asked.strip();
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (RuntimeException e) {
            throw FleetloopException.invalid("includePattern", "not a valid glob");
        }
        return pattern;
    }

    private static String targetPath(FeedbackDecisionId decisionId, String asked) {
        if (asked == null || asked.isBlank()) return "backfill/" + decisionId.value();
        String path = asked.strip().replaceAll("^/+|/+$", "");
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
            throw FleetloopException.invalid("targetPath", "a relative path of letters, digits, '.', '_', '-', '=' and '/' without '..'");
        }
        return path;
    }

    private static boolean anyContains(List<String> channels, String... words) {
        for (String channel : channels) {
            for (String word : words) if (channel.contains(word)) return true;
        }
        return false;
    }
}
