#!/usr/bin/env bash
# Runs a benchmark scenario briefly and prints a one-line summary as its last line.
#   scripts/bench.sh engine   ring -> bar state (EngineBenchmark) against the plain loop (PlainLoopBenchmark),
#                             with -prof gc; last line:
#                             engine: ring=<N> trades/s plain=<M> trades/s ratio=<N/M> alloc=<B> B/op
#   scripts/bench.sh codec    CodecBenchmark, when it exists
#   scripts/bench.sh hub      the gateway hub applying the engine's updates (HubBenchmark: engine + hub against the
#                             engine alone), with -prof gc; last line:
#                             hub: with_hub=<N> trades/s engine_only=<M> trades/s hub_ns_per_trade=<x> alloc=<B> B/op
#   scripts/bench.sh kafka [N] Tickwire's `bars --kafka` against the Kafka Streams OHLCV job over N pre-loaded trades;
#                             last line: kafka: tickwire=<N> trades/s streams=<M> trades/s ratio=<N/M>
#   scripts/bench.sh clickhouse  the store writer against clickhouse-client's bulk insert of the same rows; last line
#                             clickhouse: writer=<N> rows/s bulk=<M> rows/s ratio=<N/M> lag_p99=<s>
#   scripts/bench.sh ws-latency | ws-fanout   serve + tickwire loadgen (scripts/bench-ws.sh); last lines
#                             ws-latency: clients=<n> p50=<us> p99=<us> p999=<us> max=<us>
#                             ws-fanout: clients=<n> connected=<n> msgs/s=<n> p99=<ms> disconnects=<n>
#   scripts/bench.sh ws-abuse   ws-latency's load clean, then beside scripts/ws-abuse.py's hostile clients; last line
#                             ws-abuse: clean_p99=<us> abused_p99=<us> ratio=<r> rss_clean_max_mib=<n> rss_max_mib=<n>
#                                       abuse_unexpected=<n> disconnects=<n>
# Environment: BENCH_FORKS (1), BENCH_WARMUPS (engine 3, codec 2), BENCH_ITERATIONS (5, 3), BENCH_TIME (2s, 1s),
#   BENCH_RING_WAIT (busy-spin: the wait strategy whose result is summarised), BENCH_JMH_ARGS (extra JMH
#   arguments, e.g. "-prof stack" or "-p history=16"), BENCH_OUT (folder for JMH's JSON, jmh/target/bench),
#   BENCH_REBUILD=1 (rebuild the jmh module; otherwise built only when its jar or classpath is missing),
#   BENCH_LOCK_WAIT (seconds to wait for another JMH run to finish, 900).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/java.sh
source "$here/scripts/lib/java.sh"

usage() {
  sed -n '2,19p' "$0" >&2
  echo "scenarios: engine, codec, hub, kafka, ws-latency, ws-fanout, ws-abuse, clickhouse" >&2
}



# scripts/bench.sh kafka [N]: N trades (default 10M, or BENCH_KAFKA_TRADES) pre-loaded as SBE into a fresh topic, then
# Tickwire's `bars --kafka` and the Kafka Streams OHLCV job (bench/kafka-streams) over it, alternately
# BENCH_KAFKA_RUNS times (1). The job runs twice per round: the roadmap's code as written (re-keying by symbol through
# a repartition topic; the last line's streams=) and the kinder `keyed` variant (no re-keying; the line before); each side's rate runs from its first delivery to its last record (no JVM start, no
# idle wait). Medians when repeated. BENCH_KAFKA_PARTITIONS (4), BENCH_STREAMS_THREADS (1), BENCH_KAFKA_PAUSE (10:
# seconds the broker is left alone before each timed run), BENCH_KAFKA_KEEP=1 keeps the topic (deleted otherwise).
kafka_scenario() {
  local n="${1:-${BENCH_KAFKA_TRADES:-10000000}}" runs="${BENCH_KAFKA_RUNS:-1}"
  local parts="${BENCH_KAFKA_PARTITIONS:-4}" threads="${BENCH_STREAMS_THREADS:-1}" sdir="$here/bench/kafka-streams"
  # Globals: the EXIT trap uses them after this function returned.
  bootstrap="127.0.0.1:${KAFKA_PORT:-9092}"
  topic="bench-trades-$(date +%Y%m%d-%H%M%S)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/tickwire-bench-kafka.XXXXXX")"
  "$here/scripts/kafka.sh" start >&2
  kcp="$(cat "$here/.local/kafka/classpath.txt")"
  if [ ! -f "$here/app/target/tickwire.jar" ] || [ "${BENCH_REBUILD:-0}" = 1 ]; then
    (cd "$here" && PATH="$JAVA_HOME/bin:$PATH" mvn -q -B -DskipTests -Dcheckstyle.skip -pl app -am install) >&2
  fi
  if [ ! -s "$sdir/target/classpath.txt" ] || [ "${BENCH_REBUILD:-0}" = 1 ] || \
     [ -n "$(find "$sdir/src" "$sdir/pom.xml" -newer "$sdir/target/classpath.txt" 2>/dev/null | head -1)" ]; then
    echo "bench.sh: building the Kafka Streams job (needs tickwire-engine installed in ~/.m2)..." >&2
    (cd "$sdir" && PATH="$JAVA_HOME/bin:$PATH" mvn -q -B -ntp compile dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt) >&2
  fi
  # shellcheck disable=SC2317
  cleanup_kafka() {
    if [ "${BENCH_KAFKA_KEEP:-0}" != 1 ]; then
      "$JAVA_HOME/bin/java" -Xmx128m -cp "$kcp" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
        --delete --topic "(tickwire-bench-streams-)?$topic.*" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
  }
  trap cleanup_kafka EXIT
  "$JAVA_HOME/bin/java" -Xmx128m -cp "$kcp" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
    --create --topic "$topic" --partitions "$parts" --replication-factor 1 >/dev/null
  echo "bench.sh: producing $n SBE trades into $topic ($parts partitions)..." >&2
  "$here/bin/tickwire" produce --bootstrap "$bootstrap" --topic "$topic" --rate 0 --count "$n" --format sbe \
    2>"$work/produce.log" </dev/null
  tail -1 "$work/produce.log" | sed 's/^/bench: /'
  local i tw=() st=() sk=() line
  for i in $(seq 1 "$runs"); do
    # Before each timed run the broker is left alone for a while: the Streams job leaves it cleaning and compacting
    # its changelog and repartition topics, which would otherwise run during (and slow) the next run.
    sleep "${BENCH_KAFKA_PAUSE:-10}"
    "$here/bin/tickwire" bars --kafka "$bootstrap" --topic "$topic" --out "$work/bars.csv" --idle 2s \
      >"$work/tickwire.out" 2>"$work/tickwire.log" || { cat "$work/tickwire.log" >&2; return 1; }
    grep -q "^trades=$n " "$work/tickwire.log" || { echo "bench.sh: tickwire did not read $n records:" >&2;
      cat "$work/tickwire.log" >&2; return 1; }
    line="$(grep '^ingest:' "$work/tickwire.log")"; echo "bench: run $i tickwire $line"
    tw+=("$(sed -E 's/.*rate=([0-9.]+)\/s.*/\1/' <<<"$line")")
    # A fresh application id per run and variant (the job reads from the beginning): the roadmap's job as written
    # (re-keying through a repartition topic), then the kinder "keyed" variant that trusts the record key.
    local variant
    for variant in roadmap keyed; do
      sleep "${BENCH_KAFKA_PAUSE:-10}"
      "$JAVA_HOME/bin/java" -Xms512m --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
        --sun-misc-unsafe-memory-access=allow -Dagrona.disable.bounds.checks=true \
        -cp "$sdir/target/classes:$(cat "$sdir/target/classpath.txt")" \
        io.tickwire.bench.streams.OhlcvJob "$bootstrap" "$topic" "$n" "$threads" "${BENCH_KAFKA_TIMEOUT:-900}" \
        "$i-$variant" "$variant" >"$work/streams.log" 2>"$work/streams.err" || {
          tail -20 "$work/streams.err" "$work/streams.log" >&2; return 1; }
      line="$(grep '^streams:' "$work/streams.log")"; echo "bench: run $i $line"
      if [ "$variant" = roadmap ]; then st+=("$(sed -E 's/.*rate=([0-9.]+)\/s.*/\1/' <<<"$line")")
      else sk+=("$(sed -E 's/.*rate=([0-9.]+)\/s.*/\1/' <<<"$line")"); fi
    done
  done
  python3 - "${tw[*]}" "${st[*]}" "${sk[*]}" <<'PY'
import statistics
import sys

tw = [float(x) for x in sys.argv[1].split()]
st = [float(x) for x in sys.argv[2].split()]
sk = [float(x) for x in sys.argv[3].split()]
a, b, c = statistics.median(tw), statistics.median(st), statistics.median(sk)
print("bench: keyed variant (no re-keying, the kinder baseline): streams=%d trades/s ratio=%.2f" % (round(c), a / c))
print("kafka: tickwire=%d trades/s streams=%d trades/s ratio=%.2f" % (round(a), round(b), a / b))
PY
}

# scripts/bench.sh clickhouse: N trades (default 1M, BENCH_CH_ROWS) through the production writer agent
# (JournalTradeWriter + ClickHouseTradeSink, journal pre-filled) against clickhouse-client's bulk insert of the same
# rows into a twin table, then the writer's lag p99 with trades journaled at BENCH_CH_RATE (100000)/s for
# BENCH_CH_SECONDS (20) s; BENCH_CH_RUNS (1) repetitions, medians. Starts ClickHouse (scripts/clickhouse.sh) when
# it is not answering and stops it again.
clickhouse_scenario() {
  local runs="${BENCH_CH_RUNS:-1}" mod="$here/persist/clickhouse" i line
  started_ch=0 # global: the EXIT trap reads it after this function returned
  if ! "$here/scripts/clickhouse.sh" status >/dev/null 2>&1; then
    "$here/scripts/clickhouse.sh" start >&2; started_ch=1
  fi
  # shellcheck disable=SC2317
  stop_ch() { if [ "$started_ch" = 1 ]; then "$here/scripts/clickhouse.sh" stop >&2 || true; fi; }
  trap stop_ch EXIT
  if [ ! -s "$mod/target/bench.classpath" ] || [ "${BENCH_REBUILD:-0}" = 1 ] || \
     [ -n "$(find "$mod/src" -newer "$mod/target/bench.classpath" 2>/dev/null | head -1)" ]; then
    (cd "$here" && PATH="$JAVA_HOME/bin:$PATH" mvn -q -B -DskipTests -Dcheckstyle.skip -pl persist/clickhouse -am \
      install >&2 && PATH="$JAVA_HOME/bin:$PATH" mvn -q -B -pl persist/clickhouse test-compile \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2)
  fi
  local w=() b=() l=()
  for i in $(seq 1 "$runs"); do
    line="$("$JAVA_HOME/bin/java" "${jvm_flags[@]}" -Xmx2g \
      -cp "$mod/target/test-classes:$mod/target/classes:$(cat "$mod/target/bench.classpath")" \
      io.tickwire.persist.clickhouse.ClickHouseWriterBench --rows "${BENCH_CH_ROWS:-1000000}" \
      --batch "${BENCH_CH_BATCH:-250000}" \
      --rate "${BENCH_CH_RATE:-100000}" --seconds "${BENCH_CH_SECONDS:-20}" 2>"${TMPDIR:-/tmp}/tickwire-ch-bench.log" \
      | grep '^clickhouse:')" || { tail -30 "${TMPDIR:-/tmp}/tickwire-ch-bench.log" >&2; return 1; }
    echo "bench: run $i $line"
    w+=("$(sed -E 's/.*writer=([0-9.]+).*/\1/' <<<"$line")")
    b+=("$(sed -E 's/.*bulk=([0-9.]+).*/\1/' <<<"$line")")
    l+=("$(sed -E 's/.*lag_p99=([0-9.]+).*/\1/' <<<"$line")")
  done
  python3 - "${w[*]}" "${b[*]}" "${l[*]}" <<'PY'
import statistics
import sys

w, b, l = ([float(x) for x in arg.split()] for arg in sys.argv[1:4])
mw, mb = statistics.median(w), statistics.median(b)
print("clickhouse: writer=%d rows/s bulk=%d rows/s ratio=%.2f lag_p99=%.3f" % (round(mw), round(mb), mw / mb,
      statistics.median(l)))
PY
}

# The same JVM flags as bin/tickwire (Agrona and Chronicle Queue reach into JDK internals; Chronicle must never
# phone home); JMH passes them on to its forks.
jvm_flags=(
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
  --enable-native-access=ALL-UNNAMED
  --sun-misc-unsafe-memory-access=allow
  -Dchronicle.analytics.disable=true
  -Dchronicle.announcer.disable=true
  # Bounds checks stay on in unit tests (surefire); in production they cost the engine 20-25% (docs/performance.md).
  -Dagrona.disable.bounds.checks=true
  -XX:+UseZGC
  -Xms512m
)

scenario="${1:-}"
case "$scenario" in
  engine|codec|hub) ;;
  kafka)
    JAVA_HOME="$(find_java_home)" || { echo "bench.sh: needs a JDK 25 or newer (set JAVA_HOME)" >&2; exit 2; }
    export JAVA_HOME
    kafka_scenario "${2:-}"; exit $? ;;
  ws-latency|ws-fanout|ws-abuse)
    exec "$here/scripts/bench-ws.sh" "$scenario" ;;
  clickhouse)
    JAVA_HOME="$(find_java_home)" || { echo "bench.sh: needs a JDK 25 or newer (set JAVA_HOME)" >&2; exit 2; }
    export JAVA_HOME
    clickhouse_scenario; exit $? ;;
  -h|--help) usage; exit 0 ;;
  *) usage; exit 2 ;;
esac

JAVA_HOME="$(find_java_home)" || { echo "bench.sh: needs a JDK 25 or newer (set JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME
command -v python3 >/dev/null 2>&1 || { echo "bench.sh: needs python3 to read JMH's results" >&2; exit 2; }

jar="$here/jmh/target/tickwire-jmh.jar"
lib="$here/jmh/target/lib"
if [ ! -f "$jar" ] || [ ! -d "$lib" ] || [ "${BENCH_REBUILD:-0}" = 1 ]; then
  echo "bench.sh: building the jmh module..." >&2
  # Checkstyle is skipped here, as bin/tickwire does: the normal build runs it.
  (cd "$here" && PATH="$JAVA_HOME/bin:$PATH" mvn -q -B -DskipTests -Dcheckstyle.skip -pl jmh -am install) >&2
fi


out_dir="${BENCH_OUT:-$here/jmh/target/bench}"
mkdir -p "$out_dir"
stamp="$(date +%Y%m%d-%H%M%S)"
# shellcheck disable=SC2206
extra=(${BENCH_JMH_ARGS:-})

# Brief runs (defaults per scenario, overridable): a few seconds per fork while developing, not a publication.
jmh_timing() { # default warmups, iterations, seconds per iteration
  jmh_common=(
    -f "${BENCH_FORKS:-1}" -wi "${BENCH_WARMUPS:-$1}" -w "${BENCH_TIME:-$3}" -i "${BENCH_ITERATIONS:-$2}"
    -r "${BENCH_TIME:-$3}" -prof gc
  )
}

# JMH refuses to start while another JMH run holds its lock (another engineer benchmarking on the same cores):
# wait for it rather than fail, or measure alongside it.
await_jmh_lock() {
  local waited=0 limit="${BENCH_LOCK_WAIT:-900}"
  while ! python3 -c 'import fcntl, sys
f = open(sys.argv[1], "a")
try:
    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    sys.exit(1)' "${TMPDIR:-/tmp}/jmh.lock"; do
    [ "$waited" -ge "$limit" ] && { echo "bench.sh: another JMH run held the lock for ${limit}s" >&2; exit 1; }
    [ "$waited" = 0 ] && echo "bench.sh: another JMH run is in progress; waiting for it..." >&2
    sleep 5; waited=$((waited + 5))
  done
}

run_jmh() {
  local json="$1"; shift
  await_jmh_lock
  "$JAVA_HOME/bin/java" "${jvm_flags[@]}" -cp "$jar:$lib/*" org.openjdk.jmh.Main "$@" \
    "${jmh_common[@]}" "${extra[@]}" -rf json -rff "$json"
}

case "$scenario" in
  engine)
    json="$out_dir/engine-$stamp.json"
    jmh_timing 3 5 2s
    run_jmh "$json" 'io\.tickwire\.jmh\.(EngineBenchmark|PlainLoopBenchmark)\.'
    python3 - "$json" "${BENCH_RING_WAIT:-busy-spin}" <<'PY'
import json
import sys

path, wait = sys.argv[1], sys.argv[2]
with open(path) as f:
    results = json.load(f)
ring = None
plain = {}
for r in results:
    name = r["benchmark"].rsplit(".", 2)[-2]
    params = r.get("params", {})
    score = r["primaryMetric"]["score"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score", float("nan"))
    label = name + "".join(" %s=%s" % kv for kv in sorted(params.items()))
    print("bench: %-60s %14.0f trades/s  %8.2f B/op" % (label, score, alloc))
    if name == "EngineBenchmark" and params.get("waitStrategy") == wait and ring is None:
        ring = (score, alloc, params.get("history"))
    elif name == "PlainLoopBenchmark":
        plain.setdefault(params.get("history"), score)
plain = plain.get(ring[2]) if ring else None
if ring is None or plain is None:
    sys.exit("bench.sh: missing the EngineBenchmark (waitStrategy=%s) or PlainLoopBenchmark result in %s"
             % (wait, path))
print("engine: ring=%d trades/s plain=%d trades/s ratio=%.2f alloc=%.2f B/op"
      % (round(ring[0]), round(plain), ring[0] / plain, ring[1]))
PY
    ;;
  hub)
    json="$out_dir/hub-$stamp.json"
    jmh_timing 3 5 2s
    run_jmh "$json" 'io\.tickwire\.jmh\.HubBenchmark\.'
    python3 - "$json" <<'PY'
import json
import sys

with open(sys.argv[1]) as f:
    results = json.load(f)
score = {}
for r in results:
    consumer = r.get("params", {}).get("consumer")
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score", float("nan"))
    score[consumer] = (r["primaryMetric"]["score"], alloc)
    print("bench: HubBenchmark consumer=%-5s %14.0f trades/s  %8.2f B/op" % (consumer, score[consumer][0], alloc))
if "hub" not in score or "none" not in score:
    sys.exit("bench.sh: missing a HubBenchmark result (consumer=hub and none) in %s" % sys.argv[1])
with_hub, alone = score["hub"][0], score["none"][0]
print("hub: with_hub=%d trades/s engine_only=%d trades/s hub_ns_per_trade=%.0f alloc=%.2f B/op"
      % (round(with_hub), round(alone), 1e9 / with_hub - 1e9 / alone, score["hub"][1]))
PY
    ;;
  codec)
    if ! "$JAVA_HOME/bin/java" -cp "$jar:$lib/*" org.openjdk.jmh.Main -l 2>/dev/null | grep -q 'CodecBenchmark'; then
      echo "bench.sh: CodecBenchmark is not in $jar yet" >&2; exit 2
    fi
    json="$out_dir/codec-$stamp.json"
    jmh_timing 2 3 1s
    run_jmh "$json" 'io\.tickwire\.jmh\.CodecBenchmark\.'
    python3 - "$json" <<'PY'
import json
import sys

with open(sys.argv[1]) as f:
    results = json.load(f)
for r in results:
    params = "".join(" %s=%s" % kv for kv in sorted(r.get("params", {}).items()))
    pm = r["primaryMetric"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score", float("nan"))
    print("codec: %s%s %.0f %s alloc=%.2f B/op" % (r["benchmark"].rsplit(".", 2)[-2] + "." +
          r["benchmark"].rsplit(".", 1)[-1], params, pm["score"], pm["scoreUnit"], alloc))
PY
    ;;
esac
