#!/usr/bin/env bash
# WebSocket end-to-end scenarios of scripts/bench.sh (run through it, or directly):
#   ws-latency  serve with a synthetic feed of 1,000 symbols at 50,000 trades/s; `tickwire loadgen` with 100 clients
#               on the unconflated trades channel, 10 symbols each, after a warm-up; last line:
#               ws-latency: clients=<n> p50=<us> p99=<us> p999=<us> max=<us>
#   ws-fanout   1,000 symbols at 100,000 trades/s; 10,000 clients on bars 1s with conflate 100 ms, 10 symbols each;
#               the server's CPU and RSS from /proc; last line:
#               ws-fanout: clients=<n> connected=<n> msgs/s=<n> p99=<ms> disconnects=<n>
#   ws-abuse    ws-latency's load against a jwt-mode server, measured twice on the same server: clean, then while
#               scripts/ws-abuse.py runs hostile clients beside it (malformed JSON, unknown ops, 1 MiB frames,
#               1,000 subscribes/s, readers that never read, expired/unsigned/wrongly signed/other-symbol tokens),
#               each checked for its SPEC answer; last line:
#               ws-abuse: clean_p99=<us> abused_p99=<us> ratio=<r> rss_max_mib=<n> abuse_unexpected=<n>
# Environment: BENCH_WS_CLIENTS, BENCH_WS_RATE (trades/s), BENCH_WS_SYMBOLS (1000), BENCH_WS_ENCODING (json),
#   BENCH_WS_BURSTS (false: the feed runs at the steady rate the scenarios name; true: with its 10x bursts),
#   BENCH_WS_WARMUP (10s), BENCH_WS_DURATION (30s), BENCH_WS_LOADGEN_ARGS (extra loadgen options),
#   BENCH_OUT (folder for the .hgrm, .png and logs; jmh/target/bench).
# Loopback only. The server and the load generator share the machine's cores: both are measured together.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scenario="${1:-}"
case "$scenario" in
  ws-latency)
    clients="${BENCH_WS_CLIENTS:-100}"; rate="${BENCH_WS_RATE:-50000}"
    loadgen_args=(--channel trades --conflate 0) ;;
  ws-fanout)
    clients="${BENCH_WS_CLIENTS:-10000}"; rate="${BENCH_WS_RATE:-100000}"
    loadgen_args=(--channel bars --tf 1s --conflate 100 --subscribe-after-connect) ;;
  ws-abuse)
    clients="${BENCH_WS_CLIENTS:-100}"; rate="${BENCH_WS_RATE:-50000}"
    loadgen_args=(--channel trades --conflate 0) ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
symbols="${BENCH_WS_SYMBOLS:-1000}"
encoding="${BENCH_WS_ENCODING:-json}"

# 10,000 sockets on each side of loopback: raise the descriptor limit as far as the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((clients + 1000)) ]; then
  echo "bench-ws: ulimit -n is $(ulimit -n), below $((clients + 1000)) for $clients clients" >&2; exit 2
fi
command -v python3 >/dev/null 2>&1 || { echo "bench-ws: needs python3" >&2; exit 2; }

out_dir="${BENCH_OUT:-$here/jmh/target/bench}"
mkdir -p "$out_dir"
stamp="$(date +%Y%m%d-%H%M%S)"
prefix="$out_dir/$scenario-$stamp"
work="$(mktemp -d "${TMPDIR:-/tmp}/tickwire-bench-ws.XXXXXX")"
serve_pid=""
sampler_pid=""
cleanup() {
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; fi
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    kill "$serve_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench-ws: $scenario: serve with $symbols symbols at $rate trades/s (bursts ${BENCH_WS_BURSTS:-false}); load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# Port 0: the server picks a free port and logs it (a port probed free here may be taken by then, e.g. by the
# TIME_WAIT sockets of an earlier run). The load generator is many users on one host: the per-IP upgrade limit would refuse most of them.
auth_mode=off secret="" query=""
if [ "$scenario" = ws-abuse ]; then
  auth_mode=jwt
  secret="$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
  # The measured clients' token: HS256, every symbol, valid for a day.
  query="?token=$(python3 - "$secret" <<'PY'
import base64, hashlib, hmac, json, sys, time
enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
signing = enc(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + \
    enc(json.dumps({"sub": "bench", "exp": int(time.time()) + 86400}).encode())
print(signing + "." + enc(hmac.new(sys.argv[1].encode(), signing.encode(), hashlib.sha256).digest()))
PY
)"
fi
TICKWIRE_AUTH_MODE="$auth_mode" TICKWIRE_JWT_SECRET="$secret" TICKWIRE_HTTP_PORT=0 TICKWIRE_DATA_DIR="$work/data" TICKWIRE_FEED_SYMBOLS="$symbols" TICKWIRE_FEED_RATE="$rate" \
  TICKWIRE_FEED_BURSTS="${BENCH_WS_BURSTS:-false}" \
  TICKWIRE_WS_CONNECT_RATE=0 TICKWIRE_JAVA_OPTS="${BENCH_WS_SERVE_OPTS:--Xmx4g}" \
  "$here/bin/tickwire" serve >"$prefix-serve.log" 2>&1 &
serve_pid=$!
# bin/tickwire execs java, so $! is the server's JVM.
ready=0
port=""
for _ in $(seq 1 600); do
  kill -0 "$serve_pid" 2>/dev/null || { echo "bench-ws: serve exited:" >&2; tail -5 "$prefix-serve.log" >&2; exit 1; }
  [ -n "$port" ] || port="$(sed -n 's/.*"event":"gateway_started","port":\([0-9]*\).*/\1/p' "$prefix-serve.log")"
  if [ -n "$port" ] && python3 - "$port" "$symbols" ${query:+"${query#?token=}"} <<'PY' 2>/dev/null
import json, sys, urllib.request
port, want = sys.argv[1], int(sys.argv[2])
headers = {"Authorization": "Bearer " + sys.argv[3]} if len(sys.argv) > 3 else {}
request = urllib.request.Request("http://127.0.0.1:%s/api/symbols" % port, headers=headers)
with urllib.request.urlopen(request, timeout=2) as r:
    sys.exit(0 if len(json.load(r)) >= want else 1)
PY
  then ready=1; break; fi
  sleep 0.2
done
[ "$ready" = 1 ] || { echo "bench-ws: serve did not list $symbols symbols in 120 s" >&2; exit 1; }
echo "bench-ws: serve (pid $serve_pid) ready on 127.0.0.1:$port" >&2

# Server CPU (utime + stime ticks) and RSS once a second, from /proc.
(
  while kill -0 "$serve_pid" 2>/dev/null; do
    read -r -a st <"/proc/$serve_pid/stat" || break
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$serve_pid/status" 2>/dev/null || echo 0)"
    echo "$(date +%s.%N) $((st[13] + st[14])) $rss $(cut -d' ' -f1 /proc/loadavg)"
    sleep 1
  done
) >"$prefix-serve-proc.txt" &
sampler_pid=$!

# shellcheck disable=SC2206
extra=(${BENCH_WS_LOADGEN_ARGS:-})
run_loadgen() { # $1: file prefix of this run
  TICKWIRE_JAVA_OPTS="${BENCH_WS_LOADGEN_OPTS:--Xmx4g}" "$here/bin/tickwire" loadgen \
    --url "ws://127.0.0.1:$port/ws$query" --clients "$clients" --symbols 10 --encoding "$encoding" \
    --warmup "${BENCH_WS_WARMUP:-10s}" --duration "${BENCH_WS_DURATION:-30s}" \
    --hgrm "$1.hgrm" --plot "$1.png" "${loadgen_args[@]}" "${extra[@]}" \
    >"$1-loadgen.txt" 2> >(tee "$1-loadgen.log" >&2) || { cat "$1-loadgen.txt"; exit 1; }
  sed 's/^/bench: /' "$1-loadgen.txt"
}
if [ "$scenario" = ws-abuse ]; then
  # Same server, same load: clean first, then with the hostile clients running through the whole second run.
  run_loadgen "$prefix-clean"
  cp "$prefix-serve-proc.txt" "$prefix-clean-proc.txt"
  seconds=$(( $(sed 's/s$//' <<<"${BENCH_WS_WARMUP:-10s}") + $(sed 's/s$//' <<<"${BENCH_WS_DURATION:-30s}") + 10 ))
  python3 "$here/scripts/ws-abuse.py" 127.0.0.1 "$port" "$seconds" "$secret" >"$prefix-abuse.txt" 2>&1 &
  abuse_pid=$!
  sleep 3
  run_loadgen "$prefix"
  wait "$abuse_pid" || true
  sed 's/^/bench: /' "$prefix-abuse.txt"
else
  run_loadgen "$prefix"
fi
kill "$sampler_pid" 2>/dev/null || true; sampler_pid=""
echo "bench: files $prefix.{hgrm,png} $prefix-{serve.log,loadgen.log,serve-proc.txt}"

python3 - "$scenario" "$prefix-loadgen.txt" "$prefix-serve-proc.txt" "$(getconf CLK_TCK)" "$(nproc)" <<'PY'
import sys

scenario, loadgen, proc, hz, cores = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
last = [l for l in open(loadgen) if l.startswith("loadgen: clients=")][-1]
f = dict(kv.split("=", 1) for kv in last.split()[1:])
rows = [l.split() for l in open(proc) if len(l.split()) == 4]
if len(rows) >= 2:
    t = [float(r[0]) for r in rows]
    ticks = [int(r[1]) for r in rows]
    rss = [int(r[2]) for r in rows]
    # CPU over the last measured stretch: the samples after the connection phase and warm-up are the tail.
    per_s = [(ticks[i] - ticks[i - 1]) / hz / (t[i] - t[i - 1]) * 100 for i in range(1, len(rows))]
    tail = per_s[-30:] if len(per_s) > 30 else per_s
    print("bench: server cpu: mean %.0f%% of one core over the last %d s (max %.0f%%, %d cores), rss max %d MiB, "
          "at end %d MiB, load average at end %s" % (sum(tail) / len(tail), len(tail), max(per_s), cores,
                                                    max(rss) // 1024, rss[-1] // 1024, rows[-1][3]))
print("bench: frames/s=%s updates/s=%s resets=%s skipped=%s latency samples=%s" % (
    f["msgs/s"], f["data/s"], f["resets"], f["skipped"], f["samples"]))
na = f["samples"] == "0"
if scenario == "ws-abuse":
    clean_last = [l for l in open(loadgen.replace("-loadgen.txt", "-clean-loadgen.txt"))
                  if l.startswith("loadgen: clients=")][-1]
    c = dict(kv.split("=", 1) for kv in clean_last.split()[1:])
    abuse = [l for l in open(loadgen.replace("-loadgen.txt", "-abuse.txt")) if l.startswith("abuse: total")]
    unexpected = abuse[-1].split("unexpected=")[1].split()[0] if abuse else "n/a"
    clean_rss = [int(l.split()[2]) for l in open(proc.replace("-serve-proc.txt", "-clean-proc.txt"))
                 if len(l.split()) == 4]
    print("ws-abuse: clean_p99=%s abused_p99=%s ratio=%.2f rss_clean_max_mib=%d rss_max_mib=%d "
          "abuse_unexpected=%s disconnects=%s" % (
              c["p99"], f["p99"], int(f["p99"]) / max(1, int(c["p99"])), max(clean_rss) // 1024,
              max(rss) // 1024 if len(rows) >= 2 else 0, unexpected, f["disconnects"]))
elif scenario == "ws-latency":
    # loadgen prints n/a for every percentile when no timed message arrived.
    print("ws-latency: clients=%s p50=%s p99=%s p999=%s max=%s" % (f["clients"], f["p50"], f["p99"], f["p999"],
                                                                   f["max"]))
else:
    # msgs/s counts bar updates (data messages), not the resets and snapshots a resync sends.
    print("ws-fanout: clients=%s connected=%s msgs/s=%s p99=%s disconnects=%s" % (
        f["clients"], f["connected"], f["data/s"], "n/a" if na else "%.1f" % (int(f["p99"]) / 1000.0),
        f["disconnects"]))
PY
