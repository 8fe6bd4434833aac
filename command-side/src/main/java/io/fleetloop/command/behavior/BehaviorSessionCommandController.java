package io.fleetloop.command.behavior;

import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.ChannelInterpolation;
import io.fleetloop.api.behavior.ClockOffsetEstimate;
import io.fleetloop.api.behavior.CreateBehaviorSessionCommand;
import io.fleetloop.api.behavior.SessionSource;
import io.fleetloop.api.behavior.SourceKind;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.align.ClockOffsetEstimator;
import io.fleetloop.formats.align.ClockOffsetEstimator.OffsetEstimate;
import io.fleetloop.formats.align.SampleStream;
import io.fleetloop.formats.sources.RecordingSources;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * {@code POST /v1/behavior-sessions}: resolves the sources (listed, or a catalog query over the command side's own
 * asset directory), estimates the requested clock offsets by cross-correlation, scans every source once (streamed
 * from the bucket) for the time range it covers, then sends the create command with all of it.
 */
@RestController
class BehaviorSessionCommandController {

    static final Duration DEFAULT_MAX_GAP = Duration.ofSeconds(2);

    record SourceRequest(@NotBlank @Size(max = 64) String assetId, SourceKind kind, @Size(max = 32) String name,
                         Long clockOffsetNanos, Map<String, String> options) {
    }

    record CatalogQuery(@NotBlank @Size(max = 256) String deviceId, Instant from, Instant to, List<@NotBlank String> sceneTags) {
    }

    record OffsetEstimation(@NotBlank String referenceAssetId, @NotBlank String referenceChannel, @NotBlank String assetId,
                            @NotBlank String channel, Long maxLagMillis, Double rateHz) {
    }

    record CreateBehaviorSessionRequest(@NotBlank @Size(max = 128) String name,
                                        @Size(max = BehaviorSession.MAX_SOURCES) List<@NotBlank String> assetIds,
                                        @Size(max = BehaviorSession.MAX_SOURCES) List<@NotNull @Valid SourceRequest> sources,
                                        @Valid CatalogQuery query, @Size(max = 8) List<@NotNull @Valid OffsetEstimation> estimateOffsets,
                                        Map<String, ChannelInterpolation> interpolation, Long maxGapMillis,
                                        @Size(max = 32) List<@NotBlank String> sceneTags, @Size(max = 256) String deviceId) {
    }

    record SessionResponse(String sessionId, Instant from, Instant to, List<SessionSource> sources,
                           List<ClockOffsetEstimate> estimates, Map<String, List<String>> sourceErrors) {
    }

    private final CommandGateway commands;
    private final BehaviorAssetDirectory directory;
    private final SessionSourceReader reader;

    BehaviorSessionCommandController(CommandGateway commands, BehaviorAssetDirectory directory, SessionSourceReader reader) {
        this.commands = commands;
        this.directory = directory;
        this.reader = reader;
    }

    @PostMapping("/v1/behavior-sessions")
    ResponseEntity<SessionResponse> create(Caller caller, @Valid @RequestBody CreateBehaviorSessionRequest request) {
        int ways = (request.assetIds() != null && !request.assetIds().isEmpty() ? 1 : 0)
                + (request.sources() != null && !request.sources().isEmpty() ? 1 : 0) + (request.query() != null ? 1 : 0);
        if (ways != 1) throw FleetloopException.invalid("assetIds", "give exactly one of assetIds, sources or a catalog query");
        String tenant = caller.tenantId();
        List<SourceRequest> requested = request.sources() != null && !request.sources().isEmpty() ? request.sources()
                : request.assetIds() != null && !request.assetIds().isEmpty()
                ? request.assetIds().stream().map(id -> new SourceRequest(id, null, null, null, null)).toList()
                : resolve(tenant, request.query());
        List<SessionSource> sources = withDefaults(tenant, requested);

        List<ClockOffsetEstimate> estimates = new ArrayList<>();
        for (OffsetEstimation e : request.estimateOffsets() == null ? List.<OffsetEstimation>of() : request.estimateOffsets()) {
            ClockOffsetEstimate estimate = estimate(tenant, sources, e);
            estimates.add(estimate);
            sources = sources.stream().map(s -> s.assetId().equals(estimate.assetId())
                    ? new SessionSource(s.assetId(), s.kind(), estimate.offsetNanos(), s.options()) : s).toList();
        }

        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<SessionSource> kept = new ArrayList<>();
        Instant windowFrom = request.query() == null ? null : request.query().from();
        Instant windowTo = request.query() == null ? null : request.query().to();
        for (SessionSource s : sources) {
            if (s.kind() == SourceKind.DBC) {
                kept.add(s);
                continue;
            }
            String name = s.options().get("name");
            RecordingSources.Extent extent;
            try (SampleStream stream = reader.open(tenant, name, s.kind().name(), s.assetId(), s.options())) {
                extent = RecordingSources.scan(stream, s.clockOffsetNanos());
            } catch (Exception ex) {
                errors.put(name, List.of(String.valueOf(ex.getMessage())));
                kept.add(s);
                continue;
            }
            if (!extent.errors().isEmpty()) {
                errors.put(name, extent.errors().stream().limit(20).map(Object::toString).toList());
            }
            if (extent.firstNanos() == null) {
                kept.add(s);
                continue;
            }
            if (windowFrom != null && extent.lastNanos() < nanos(windowFrom) || windowTo != null && extent.firstNanos() > nanos(windowTo)) {
                continue; // a catalog query keeps only the sources that overlap its window
            }
            kept.add(s);
            first = Math.min(first, extent.firstNanos());
            last = Math.max(last, extent.lastNanos());
        }
        if (first == Long.MAX_VALUE) {
            throw FleetloopException.invalid("sources", "no source holds a readable sample" + (errors.isEmpty() ? "" : ": " + errors));
        }
        if (windowFrom != null) first = Math.max(first, nanos(windowFrom));
        if (windowTo != null) last = Math.min(last, nanos(windowTo));
        long maxGap = request.maxGapMillis() == null ? DEFAULT_MAX_GAP.toNanos() : request.maxGapMillis() * 1_000_000L;

        BehaviorSessionId sessionId = new BehaviorSessionId(UUID.randomUUID().toString());
        String deviceId = request.deviceId() != null ? request.deviceId() : request.query() != null ? request.query().deviceId() : null;
        Instant from = instant(first);
        Instant to = instant(last);
        commands.sendAndWait(new CreateBehaviorSessionCommand(sessionId, tenant, request.name(), deviceId, kept, from, to,
                request.sceneTags(), request.interpolation(), estimates, maxGap, "user:" + caller.operator()));
        return ResponseEntity.created(URI.create("/v1/behavior-sessions/" + sessionId))
                .body(new SessionResponse(sessionId.value(), from, to, kept, estimates, errors));
    }

    /** A catalog query resolved once, at creation, from the command side's own directory. */
    private List<SourceRequest> resolve(String tenant, CatalogQuery query) {
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            throw FleetloopException.invalid("query.from", "must be before query.to");
        }
        List<BehaviorAssetDirectory.Entry> found = directory.match(tenant, query.deviceId(),
                query.sceneTags() == null ? List.of() : query.sceneTags(), BehaviorSession.MAX_SOURCES + 1);
        if (found.isEmpty()) throw FleetloopException.invalid("query", "matches no asset");
        if (found.size() > BehaviorSession.MAX_SOURCES) {
            throw FleetloopException.invalid("query", "matches more than " + BehaviorSession.MAX_SOURCES + " assets; narrow it");
        }
        return found.stream().filter(e -> kindOf(e.modality()) != null)
                .map(e -> new SourceRequest(e.assetId().value(), null, null, null, null)).toList();
    }

    private List<SessionSource> withDefaults(String tenant, List<SourceRequest> requested) {
        List<SessionSource> out = new ArrayList<>();
        Map<String, Integer> namesUsed = new HashMap<>();
        Map<SourceRequest, SourceKind> kinds = new LinkedHashMap<>();
        for (SourceRequest r : requested) {
            BehaviorAssetDirectory.Entry entry = directory.find(tenant, new AssetId(r.assetId()))
                    .orElseThrow(() -> FleetloopException.notFound("asset", r.assetId()));
            SourceKind kind = r.kind() != null ? r.kind() : kindOf(entry.modality());
            if (kind == null) throw FleetloopException.invalid("sources", "give the kind of asset " + r.assetId() + " (" + entry.modality() + ")");
            kinds.put(r, kind);
        }
        List<String> dbcs = kinds.entrySet().stream().filter(e -> e.getValue() == SourceKind.DBC).map(e -> e.getKey().assetId()).toList();
        kinds.forEach((r, kind) -> {
            Map<String, String> options = new HashMap<>(r.options() == null ? Map.of() : r.options());
            if (kind == SourceKind.CAN && !options.containsKey("dbcAssetId")) {
                if (dbcs.size() != 1) throw FleetloopException.invalid("sources", "CAN source " + r.assetId() + " needs options.dbcAssetId");
                options.put("dbcAssetId", dbcs.get(0));
            }
            if (options.containsKey("dbcAssetId") && directory.find(tenant, new AssetId(options.get("dbcAssetId"))).isEmpty()) {
                throw FleetloopException.notFound("asset", options.get("dbcAssetId"));
            }
            if (kind != SourceKind.DBC) {
                String base = r.name() != null ? r.name() : kind.name().toLowerCase(Locale.ROOT);
                int n = namesUsed.merge(base, 1, Integer::sum);
                options.put("name", n == 1 ? base : base + n);
            }
            out.add(new SessionSource(new AssetId(r.assetId()), kind, r.clockOffsetNanos() == null ? 0 : r.clockOffsetNanos(), options));
        });
        // A DBC named only in a CAN source's options is a source too: the event lists every asset the session reads.
        List<String> listed = new ArrayList<>(out.stream().map(s -> s.assetId().value()).toList());
        for (SessionSource s : List.copyOf(out)) {
            String dbc = s.options().get("dbcAssetId");
            if (dbc != null && !listed.contains(dbc)) {
                listed.add(dbc);
                out.add(new SessionSource(new AssetId(dbc), SourceKind.DBC, 0, Map.of()));
            }
        }
        return out;
    }

    private ClockOffsetEstimate estimate(String tenant, List<SessionSource> sources, OffsetEstimation e) {
        SessionSource reference = find(sources, e.referenceAssetId(), "estimateOffsets.referenceAssetId");
        SessionSource other = find(sources, e.assetId(), "estimateOffsets.assetId");
        long maxLag = (e.maxLagMillis() == null ? 5_000 : e.maxLagMillis()) * 1_000_000L;
        double rate = e.rateHz() == null ? 20 : e.rateHz();
        if (maxLag <= 0 || maxLag > 600_000_000_000L || !(rate > 0 && rate <= 1000)) {
            throw FleetloopException.invalid("estimateOffsets", "maxLagMillis in (0, 600000], rateHz in (0, 1000]");
        }
        OffsetEstimate found;
        try (SampleStream ref = reader.open(tenant, "reference", reference.kind().name(), reference.assetId(), reference.options());
             SampleStream oth = reader.open(tenant, "other", other.kind().name(), other.assetId(), other.options())) {
            found = ClockOffsetEstimator.estimate(only(ref, e.referenceChannel()), only(oth, e.channel()), Duration.ofNanos(maxLag), rate);
        } catch (Exception ex) {
            throw FleetloopException.invalid("estimateOffsets", "cannot read the sources: " + ex.getMessage());
        }
        if (found.samplesUsed() == 0) {
            throw FleetloopException.invalid("estimateOffsets", "no overlap of " + e.referenceChannel() + " and " + e.channel() + " to correlate");
        }
        return new ClockOffsetEstimate(reference.assetId(), e.referenceChannel(), other.assetId(), e.channel(),
                reference.clockOffsetNanos() + found.offsetNanos(), found.correlation(), found.samplesUsed(), maxLag, rate);
    }

    private static SessionSource find(List<SessionSource> sources, String assetId, String field) {
        return sources.stream().filter(s -> s.assetId().value().equals(assetId) && s.kind() != SourceKind.DBC).findFirst()
                .orElseThrow(() -> FleetloopException.invalid(field, assetId + " is not a source of the session"));
    }

    private static Iterator<Sample> only(Iterator<Sample> samples, String channel) {
        return new Iterator<>() {
            private Sample next;

            public boolean hasNext() {
                while (next == null && samples.hasNext()) {
                    Sample s = samples.next();
                    if (s.channel().equals(channel)) next = s;
                }
                return next != null;
            }

            public Sample next() {
                if (!hasNext()) throw new NoSuchElementException();
                Sample s = next;
                next = null;
                return s;
            }
        };
    }

    static SourceKind kindOf(String modality) {
        return switch (modality) {
            case "MCAP" -> SourceKind.MCAP;
            case "CAN" -> SourceKind.CAN;
            case "SIGNAL_DATABASE" -> SourceKind.DBC;
            case "IMU" -> SourceKind.IMU;
            case "GNSS" -> SourceKind.GNSS;
            case "PERCEPTION" -> SourceKind.PERCEPTION;
            case "LIDAR" -> SourceKind.LIDAR;
            case "CAMERA" -> SourceKind.CAMERA;
            default -> null;
        };
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
