#!/usr/bin/env bash
# A local ClickHouse server (Debian's 18.16, the only one installable here) for development, tests and benchmarks.
#   scripts/clickhouse.sh start    install when missing, start (or reuse one already answering), wait for /ping
#   scripts/clickhouse.sh stop     stop the server this script started (pid file); never another one
#   scripts/clickhouse.sh status   exit 0 iff a server answers /ping on the HTTP port
# Config, data, tmp and logs: .local/clickhouse/ (git-ignored). Listens on 127.0.0.1 only. Ports:
# CLICKHOUSE_HTTP_PORT (8123), CLICKHOUSE_TCP_PORT (9000), CLICKHOUSE_INTERSERVER_PORT (9009).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="$root/.local/clickhouse"
host=127.0.0.1
http_port="${CLICKHOUSE_HTTP_PORT:-8123}"
tcp_port="${CLICKHOUSE_TCP_PORT:-9000}"
interserver_port="${CLICKHOUSE_INTERSERVER_PORT:-9009}"
pidfile="$home/server.pid"
server_bin=""

log() { printf '[clickhouse] %s\n' "$*" >&2; }
# shellcheck source=scripts/lib/service.sh
source "$root/scripts/lib/service.sh"

answering() { [ "$(curl -s -m 2 "http://$host:$http_port/ping" 2>/dev/null || true)" = "Ok." ]; }

find_server() {
  local candidate
  for candidate in "$(command -v clickhouse-server 2>/dev/null || true)" /usr/sbin/clickhouse-server /usr/bin/clickhouse-server; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then server_bin="$candidate"; return 0; fi
  done
  return 1
}

install_packages() {
  if find_server && command -v clickhouse-client >/dev/null 2>&1 && [ -f /etc/clickhouse-server/config.xml ]; then
    return 0
  fi
  log "installing clickhouse-server and clickhouse-client (apt, Debian's 18.16)"
  # The package's own service start is refused in containers (policy-rc.d); this script starts its own server.
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server clickhouse-client >/dev/null
  find_server || { log "clickhouse-server not found after apt-get install"; exit 1; }
}

# A copy of the packaged config whose paths point into $home, listening on 127.0.0.1 with our ports.
write_config() {
  mkdir -p "$home/etc" "$home/data" "$home/tmp" "$home/user_files" "$home/format_schemas" "$home/log"
  sed -e "s#<log>.*</log>#<log>$home/log/clickhouse-server.log</log>#" \
      -e "s#<errorlog>.*</errorlog>#<errorlog>$home/log/clickhouse-server.err.log</errorlog>#" \
      -e "s#<path>/var/lib/clickhouse/</path>#<path>$home/data/</path>#" \
      -e "s#<tmp_path>.*</tmp_path>#<tmp_path>$home/tmp/</tmp_path>#" \
      -e "s#<user_files_path>.*</user_files_path>#<user_files_path>$home/user_files/</user_files_path>#" \
      -e "s#<format_schema_path>.*</format_schema_path>#<format_schema_path>$home/format_schemas/</format_schema_path>#" \
      -e "s#<http_port>[0-9]*</http_port>#<http_port>$http_port</http_port>#" \
      -e "s#<tcp_port>[0-9]*</tcp_port>#<tcp_port>$tcp_port</tcp_port><listen_host>$host</listen_host>#" \
      -e "s#<interserver_http_port>[0-9]*</interserver_http_port>#<interserver_http_port>$interserver_port</interserver_http_port>#" \
      -e "s#^ *<listen_host>[^<]*</listen_host> *\$##" \
      /etc/clickhouse-server/config.xml > "$home/etc/config.xml"
  cp /etc/clickhouse-server/users.xml "$home/etc/users.xml"
  grep -q "<path>$home/data/</path>" "$home/etc/config.xml" \
    || { log "could not rewrite the data path in the packaged config.xml"; exit 1; }
}

start() {
  install_packages
  if answering; then
    if ours_running; then log "server already running (pid $(cat "$pidfile")) on $host:$http_port"
    else log "reusing the server already answering on $host:$http_port"; fi
    return 0
  fi
  if ours_running; then
    log "pid $(cat "$pidfile") is ours but does not answer; stopping it first"
    stop
  fi
  write_config
  log "starting clickhouse-server on $host:$http_port (native $tcp_port; data in $home)"
  # Run from $home so stray relative files land there too; $! must be the server itself (stop signals it).
  cd "$home"
  nohup "$server_bin" --config-file="$home/etc/config.xml" >"$home/log/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  local i
  for i in $(seq 1 60); do
    if ! ours_running; then
      log "server exited: $(tail -5 "$home/log/stdout.log" "$home/log/clickhouse-server.err.log" 2>/dev/null)"
      rm -f "$pidfile"; exit 1
    fi
    if answering; then log "ready after ${i}x0.5 s (pid $(cat "$pidfile"))"; return 0; fi
    sleep 0.5
  done
  log "not ready after 30 s; see $home/log"
  exit 1
}

stop() { stop_ours server; }

status() {
  if answering; then
    if ours_running; then echo "running (pid $(cat "$pidfile")) on $host:$http_port"
    else echo "answering on $host:$http_port (not started by this script)"; fi
  else
    echo "not running"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/clickhouse.sh start|stop|status" >&2; exit 2 ;;
esac
