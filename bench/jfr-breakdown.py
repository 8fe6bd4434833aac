#!/usr/bin/env python3
"""Where a benchmark's time goes, from a JFR recording (JDK 17 `jfr` on the PATH).

  bench/run.sh command-side -XX:StartFlightRecording=filename=bench/target/command-side.jfr,settings=profile
  bench/jfr-breakdown.py bench/target/command-side.jfr '^pool-'      # the benchmark's client threads

Prints, for the threads whose name matches the pattern (default: all but startup), the CPU samples
(jdk.ExecutionSample) and the time blocked in socket reads >= 10 ms (jdk.SocketRead, i.e. waiting on PostgreSQL,
Elasticsearch or Kafka) by operation. Each sample goes to the operation whose marker frame is nearest the leaf;
the generic markers (Axon bus, JDBC, processor loop) only when no specific one is on the stack.
"""
import collections, json, re, subprocess, sys

SPECIFIC = [
    ("serialization (Jackson, Axon serializer)", r"com/fasterxml/jackson|org/axonframework/serialization"),
    ("audit insert (AuditTrail.record, CommandAudit.entry)", r"AuditTrail\.|CommandAudit\.(entry|targetOf|isTarget)"),
    ("event append (JdbcEventStorageEngine.appendEvents)", r"JdbcEventStorageEngine\.appendEvents|EventSchema"),
    ("aggregate load (readEvents, EventSourcingRepository)",
     r"JdbcEventStorageEngine\.(fetch|readEvents|readSnapshot)|EventSourcingRepository\.doLoad|EventStore\.readEvents|readSnapshot"),
    ("token store (JdbcTokenStore)", r"JdbcTokenStore"),
    ("lookup table insert (AssetDirectory, subscribing)", r"AssetDirectory\."),
    ("transaction begin/commit, connection checkout",
     r"TransactionManager\.(commit|processCommit|doCommit|getTransaction|startTransaction|doBegin)|HikariPool\.getConnection"),
    ("Elasticsearch client / HTTP", r"co/elastic|org/elasticsearch|org/apache/http"),
    ("Kafka client", r"org/apache/kafka"),
]
GENERIC = [
    ("event processor loop", r"TrackingEventProcessor|pooled/|EmbeddedEventStore"),
    ("other JDBC (driver, JdbcTemplate)", r"org/postgresql|org/springframework/jdbc"),
    ("Axon bus, unit of work, interceptors, reflection", r"org/axonframework|java/lang/reflect|java/lang/invoke|jdk/internal/reflect"),
]


def seconds(duration):
    m = re.match(r"PT(?:(\d+)H)?(?:(\d+)M)?([\d.]+)S", duration or "")
    return int(m.group(1) or 0) * 3600 + int(m.group(2) or 0) * 60 + float(m.group(3)) if m else 0.0


def nearest(frames, markers):
    best = None
    for label, pattern in markers:
        index = next((i for i, f in enumerate(frames) if re.search(pattern, f)), None)
        if index is not None and (best is None or index < best[0]):
            best = (index, label)
    return best[1] if best else None


def breakdown(recording, event, threads, timed):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "128", "--events", event, recording],
                         check=True, capture_output=True, text=True).stdout
    totals = collections.Counter()
    by_thread = collections.Counter()
    for e in json.loads(out)["recording"]["events"]:
        v = e["values"]
        thread = (v.get("sampledThread") or v.get("eventThread") or {}).get("javaName") or "?"
        if not re.search(threads, thread):
            continue
        frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in (v.get("stackTrace") or {}).get("frames") or []]
        label = nearest(frames, SPECIFIC) or nearest(frames, GENERIC) or "other (JDK, application)"
        weight = seconds(v.get("duration")) if timed else 1
        totals[label] += weight
        by_thread[re.sub(r"\d+", "N", thread)] += weight
    total = sum(totals.values()) or 1
    print(f"{event} on threads /{threads}/: {total:.1f} {'s' if timed else 'samples'}")
    for label, value in totals.most_common():
        print(f"  {100 * value / total:5.1f}%  {label}")
    print("  by thread:")
    for thread, value in by_thread.most_common(10):
        print(f"  {100 * value / total:5.1f}%  {thread}")


if __name__ == "__main__":
    recording = sys.argv[1]
    threads = sys.argv[2] if len(sys.argv) > 2 else r"^(?!main$|background-preinit|fleetloop-local-infra)"
    breakdown(recording, "jdk.ExecutionSample", threads, False)
    breakdown(recording, "jdk.SocketRead", threads, True)
