#!/usr/bin/env bash
# Randomized differential test: `bin/tickwire bars` against the independent Python
# oracle (tests/oracle/bars_oracle.py, written from SPEC §3-§5 only).
#
#   scripts/oracle-check.sh [--runs N] [--rows M] [--seed S] [--symbols K] [--keep]
#                           [--oracle-only] [--tickwire PATH]
#
# For each run: generate a trade file (tests/oracle/gen_trades.py, seed S+i), run the
# engine and the oracle with the same --tf/--grace (cycling through several sets, one
# with no flags to test the defaults), compare the bar files field for field and the
# stderr summary line `trades=N accepted=N late=N rejected=N bars=N`, and require exit 0.
# Then a few fixed structural cases (missing column -> exit 2, header only, CRLF).
# Last line: `N passed, M failed`; exit 1 on any failure, 2 on a usage error.
# --oracle-only skips the engine (runs the oracle's unit tests and the generator/oracle
# pipeline only), useful before bin/tickwire exists.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORACLE_DIR="$ROOT/tests/oracle"
TICKWIRE="$ROOT/bin/tickwire"
RUNS=20
ROWS=2000
SEED=1
SYMBOLS=""
KEEP=0
ORACLE_ONLY=0
ENGINE_TIMEOUT="${ORACLE_ENGINE_TIMEOUT:-600}"

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="${2:-}"; shift 2 ;;
    --rows) ROWS="${2:-}"; shift 2 ;;
    --seed) SEED="${2:-}"; shift 2 ;;
    --symbols) SYMBOLS="${2:-}"; shift 2 ;;
    --tickwire) TICKWIRE="${2:-}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --oracle-only) ORACLE_ONLY=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "oracle-check: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in "$RUNS" "$ROWS" "$SEED"; do
  case "$v" in ''|*[!0-9]*) echo "oracle-check: --runs, --rows and --seed take non-negative integers" >&2; exit 2 ;; esac
done

PY="${PYTHON:-python3}"
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in the tree
if [ "$ORACLE_ONLY" -eq 0 ] && [ ! -x "$TICKWIRE" ]; then
  echo "oracle-check: $TICKWIRE not found or not executable (use --oracle-only to test the oracle alone)" >&2
  exit 2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/oracle-check.XXXXXX")"
PASSED=0
FAILED=0
SUMMARY_RE='^trades=[0-9]+ accepted=[0-9]+ late=[0-9]+ rejected=[0-9]+ bars=[0-9]+$'

pass() { PASSED=$((PASSED + 1)); echo "PASS $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }

summary_of() {  # last summary line of a stderr file (CR stripped)
  tr -d '\r' < "$1" | grep -E "$SUMMARY_RE" | tail -n 1
}

# ---- 0. the oracle's own hand-computed cases
if (cd "$ORACLE_DIR" && "$PY" -m unittest -q test_oracle) > "$WORK/unittest.log" 2>&1; then
  pass "oracle unit tests"
else
  fail "oracle unit tests (see $WORK/unittest.log)"; KEEP=1
  tail -n 20 "$WORK/unittest.log"
fi

# ---- 1. warm-up: bin/tickwire builds its jar when missing; keep that out of run 1's timing
if [ "$ORACLE_ONLY" -eq 0 ]; then
  timeout "$ENGINE_TIMEOUT" "$TICKWIRE" bars --help > "$WORK/warmup.log" 2>&1 || true
fi

# tf / grace sets, cycled by run index; "-" means: pass no such flag (engine default)
CONFIGS=(
  "1s,1m,5m,1h,1d 5s"
  "- -"
  "1s,1m,5m,1h,1d 0s"
  "1s,5s,15m,4h 2s"
  "1s,1m,5m,1h,1d 30s"
  "1d,4h,1s 5s"
  "1s,5s,1m,5m,15m,1h,4h,1d 0s"
  "1m 2s"
  "1s,1m,5m,1h,1d 2s"
  "5m,1s - "
)

run_engine() {  # in out errfile args...
  local in="$1" out="$2" err="$3"; shift 3
  timeout "$ENGINE_TIMEOUT" "$TICKWIRE" bars --trades "$in" --out "$out" "$@" > "$err.stdout" 2> "$err"
}

run_oracle() {  # in out errfile args...
  local in="$1" out="$2" err="$3"; shift 3
  "$PY" "$ORACLE_DIR/bars_oracle.py" "$in" "$out" "$@" 2> "$err"
}

for ((i = 0; i < RUNS; i++)); do
  seed=$((SEED + i))
  read -r tf grace <<< "${CONFIGS[$((i % ${#CONFIGS[@]}))]}"
  nsym="${SYMBOLS:-$((1 + seed % 7))}"
  d="$WORK/run-$seed"; mkdir -p "$d"
  in="$d/trades.csv"
  args=()
  [ "$tf" != "-" ] && args+=(--tf "$tf")
  [ "${grace:--}" != "-" ] && args+=(--grace "$grace")
  name="seed=$seed rows=$ROWS symbols=$nsym ${args[*]:-(defaults)}"
  repro="$PY $ORACLE_DIR/gen_trades.py --seed $seed --rows $ROWS --symbols $nsym --out $in"
  if ! $repro 2> "$d/gen.err"; then
    fail "$name: generator failed: $(head -c 300 "$d/gen.err")"; KEEP=1; continue
  fi
  run_oracle "$in" "$d/oracle.csv" "$d/oracle.err" "${args[@]}"; orc=$?
  if [ "$orc" -ne 0 ]; then
    fail "$name: oracle exit $orc: $(head -c 300 "$d/oracle.err")"; KEEP=1; continue
  fi
  osum="$(summary_of "$d/oracle.err")"
  if [ "$ORACLE_ONLY" -eq 1 ]; then
    pass "$name (oracle only: $osum)"; continue
  fi
  run_engine "$in" "$d/engine.csv" "$d/engine.err" "${args[@]}"; erc=$?
  problems=()
  [ "$erc" -ne 0 ] && problems+=("engine exit $erc (stderr: $(tail -n 3 "$d/engine.err" | tr '\n' ' ' | head -c 300))")
  esum="$(summary_of "$d/engine.err")"
  if [ "$esum" != "$osum" ]; then
    problems+=("summary differs: engine '${esum:-<none>}' vs oracle '$osum'")
  fi
  if [ ! -f "$d/engine.csv" ]; then
    problems+=("engine wrote no $d/engine.csv")
  elif ! "$PY" "$ORACLE_DIR/compare_bars.py" "$d/engine.csv" "$d/oracle.csv" \
         --label-a engine --label-b oracle > "$d/compare.txt" 2>&1; then
    problems+=("bars differ:
$(sed 's/^/    /' "$d/compare.txt" | head -n 40)")
  fi
  if [ ${#problems[@]} -eq 0 ]; then
    pass "$name ($osum)"
  else
    KEEP=1
    fail "$name"
    for p in "${problems[@]}"; do echo "  - $p"; done
    echo "  reproduce: $repro && $TICKWIRE bars --trades $in --out $d/engine.csv ${args[*]}"
    echo "             $PY $ORACLE_DIR/bars_oracle.py $in $d/oracle.csv ${args[*]} --rejects $d/oracle-rejects.txt"
  fi
done

# ---- 2. fixed structural cases
fixed_case() {  # name content expected_exit [args...]
  local name="$1" content="$2" want="$3"; shift 3
  local d="$WORK/fixed-$name"; mkdir -p "$d"
  printf '%b' "$content" > "$d/trades.csv"
  run_oracle "$d/trades.csv" "$d/oracle.csv" "$d/oracle.err" "$@"; local orc=$?
  if [ "$orc" -ne "$want" ]; then
    fail "fixed $name: oracle exit $orc, expected $want"; KEEP=1; return
  fi
  if [ "$ORACLE_ONLY" -eq 1 ]; then pass "fixed $name (oracle only)"; return; fi
  run_engine "$d/trades.csv" "$d/engine.csv" "$d/engine.err" "$@"; local erc=$?
  local problems=()
  [ "$erc" -ne "$want" ] && problems+=("engine exit $erc, expected $want")
  if [ "$want" -eq 2 ]; then
    local nl; nl="$(grep -cv '^[[:space:]]*$' "$d/engine.err")"
    [ "$nl" -ne 1 ] && problems+=("expected a one-line reason on stderr, got $nl lines")
  else
    [ "$(summary_of "$d/engine.err")" != "$(summary_of "$d/oracle.err")" ] && \
      problems+=("summary: engine '$(summary_of "$d/engine.err")' vs oracle '$(summary_of "$d/oracle.err")'")
    if ! "$PY" "$ORACLE_DIR/compare_bars.py" "$d/engine.csv" "$d/oracle.csv" --label-a engine --label-b oracle \
         > "$d/compare.txt" 2>&1; then
      problems+=("bars differ: $(head -n 6 "$d/compare.txt" | tr '\n' ' ')")
    fi
  fi
  if [ ${#problems[@]} -eq 0 ]; then pass "fixed $name"; else
    KEEP=1; fail "fixed $name ($d)"; for p in "${problems[@]}"; do echo "  - $p"; done
  fi
}
fixed_case missing-volume 'ts,symbol,price\n2024-03-01T00:00:00Z,AAPL,1\n' 2
fixed_case missing-ts 'symbol,price,volume,bid\nAAPL,1,1,1\n' 2
fixed_case header-only 'volume,ts,price,symbol\n' 0
fixed_case crlf 'ts,symbol,price,volume\r\n2024-03-01T00:00:00Z,AAPL,1.50,2\r\n2024-03-01T00:00:00.5Z,AAPL,2,2\r\n' 0 --tf 1s,1m
fixed_case spec-example 'ts,symbol,price,volume\n2024-03-01T12:00:30Z,AAPL,100,1\n2024-03-01T12:00:50Z,AAPL,101,1\n2024-03-01T12:00:40Z,AAPL,99,1\n' 0 --tf 1s,1m --grace 5s

if [ "$KEEP" -eq 1 ]; then
  echo "artifacts kept in $WORK"
else
  rm -rf "$WORK"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
