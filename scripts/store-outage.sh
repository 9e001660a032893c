#!/usr/bin/env bash
# A store outage under load, end to end: `tickwire serve` with the synthetic feed at RATE trades/s writing to ONE
# store; after a warm-up the store is taken down for DOWN seconds, then brought back. Samples the writer's lag from
# /metrics every second, waits until the writer has caught up after the feed ends, and checks the store holds every
# journaled trade exactly once (ClickHouse, PostgreSQL) or the writer reached the journal's end (Redis).
#   scripts/store-outage.sh clickhouse|postgres|redis
# Environment: RATE (100000), DOWN (30), WARMUP (15), TAIL (30 s of feed after the store is back), PORT (18181).
# Last line: outage: store=<s> rate=<r> down=<s> lag_max=<s> lag_back_under_2s_after=<s> trades=<n> stored=<n>
#            exact=<yes|no>
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
store="${1:?usage: scripts/store-outage.sh clickhouse|postgres|redis}"
rate="${RATE:-100000}" down="${DOWN:-30}" warmup="${WARMUP:-15}" tail="${TAIL:-30}" port="${PORT:-18181}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tickwire-outage.XXXXXX")"
run="outage$(date +%s)"
count=$(( rate * (warmup + down + tail) ))
args=(--set "feed.rate=$rate" --set "feed.count=$count" --set "feed.symbols=200" --set "stats.interval=5s")
case "$store" in
  clickhouse)
    scripts/clickhouse.sh status >/dev/null || { echo "store-outage.sh: start ClickHouse first" >&2; exit 2; }
    args+=(--set "clickhouse.url=http://127.0.0.1:8123/?database=tickwire_$run")
    take_down() { scripts/clickhouse.sh stop >/dev/null; }
    bring_back() { scripts/clickhouse.sh start >/dev/null; }
    stored() { curl -s 127.0.0.1:8123/ --data-binary "SELECT count() FROM tickwire_$run.trades WHERE source = 0"; }
    twice() { curl -s 127.0.0.1:8123/ --data-binary \
      "SELECT count() - uniqExact(seq) FROM tickwire_$run.trades WHERE source = 0"; }
    cleanup_store() { curl -s 127.0.0.1:8123/ --data-binary "DROP DATABASE IF EXISTS tickwire_$run" >/dev/null; } ;;
  postgres)
    pg_isready -q -h 127.0.0.1 || { echo "store-outage.sh: start PostgreSQL first" >&2; exit 2; }
    PGPASSWORD=tickwire psql -qAt -h 127.0.0.1 -U tickwire -d tickwire -c "CREATE SCHEMA $run"
    args+=(--set "postgres.url=postgresql://tickwire:tickwire@127.0.0.1:5432/tickwire?currentSchema=$run")
    take_down() { pg_ctlcluster 15 main stop -m fast; }
    bring_back() { pg_ctlcluster 15 main start; }
    pgq() { PGPASSWORD=tickwire psql -qAt -h 127.0.0.1 -U tickwire -d tickwire -c "$1"; }
    stored() { pgq "SELECT count(*) FROM $run.trades"; }
    twice() { pgq "SELECT count(*) - count(DISTINCT seq) FROM $run.trades"; }
    cleanup_store() { pgq "DROP SCHEMA $run CASCADE" >/dev/null; } ;;
  redis)
    redis-cli -p 6379 ping >/dev/null || { echo "store-outage.sh: start Redis first" >&2; exit 2; }
    args+=(--set "redis.url=redis://127.0.0.1:6379/13")
    # CLIENT PAUSE ALL stalls every client's commands (DEBUG is disabled by default in Redis 7): as in a stall or
    # a failover, Redis is unreachable for the writer while the process and its data stay.
    take_down() { redis-cli -p 6379 client pause "$((down * 1000))" all >/dev/null; }
    bring_back() { :; }
    stored() { redis-cli -n 13 get tickwire:writer:redis; }
    twice() { echo 0; }
    cleanup_store() { redis-cli -n 13 flushdb >/dev/null; } ;;
  *) echo "store-outage.sh: unknown store $store" >&2; exit 2 ;;
esac

lag() {
  curl -s "127.0.0.1:$port/metrics" | awk -v s="$store" \
    '$1 ~ "^tickwire_writer_lag_seconds" && $1 ~ "store=\"" s "\"" && $1 ~ "kind=\"trades\"" {print $2; exit}'
}
pid=""
finish() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; cleanup_store || true; rm -rf "$work"; }
trap finish EXIT

TICKWIRE_HTTP_PORT="$port" bin/tickwire serve --data-dir "$work/data" "${args[@]}" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 120); do grep -q '"event":"ready"' "$work/serve.log" && break; sleep 0.5; done
sleep "$warmup"
echo "outage: $store down for ${down}s at $(date -u +%H:%M:%S)" >&2
take_down
lag_max=0; t=0
sample() { local l; l="$(lag)"; l="${l:-0}"; echo "t=${t}s lag=${l}s" >&2
  lag_max="$(python3 -c "print(max($lag_max, float('$l')))")"; }
while [ "$t" -lt "$down" ]; do sleep 1; t=$((t + 1)); sample; done
bring_back
echo "outage: $store back at $(date -u +%H:%M:%S)" >&2
back=0
while [ "$t" -lt $((down + 300)) ]; do
  sleep 1; t=$((t + 1)); back=$((back + 1)); sample
  [ "$(python3 -c "print(float('$(lag)' or 0) < 2)")" = True ] && break
done
for _ in $(seq 300); do grep -q '"event":"feed_exhausted"' "$work/serve.log" && break; sleep 1; done
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
journaled="$(bin/tickwire journal --data-dir "$work/data" --out "$work/journal.csv" 2>&1 | sed -n 's/^trades=//p')"
have="$(stored)"; dup="$(twice)"
case "$store" in
  redis) last_seq="$(tail -1 "$work/journal.csv" | cut -d, -f1)"
    exact=$([ "${have:-0}" -ge "$last_seq" ] && echo yes || echo no) ;;
  *) exact=$([ "$have" = "$journaled" ] && [ "$dup" = 0 ] && echo yes || echo no) ;;
esac
echo "outage: store=$store rate=$rate down=${down}s lag_max=${lag_max}s lag_back_under_2s_after=${back}s" \
  "trades=$journaled stored=$have exact=$exact"
