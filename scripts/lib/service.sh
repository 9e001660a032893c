# shellcheck shell=bash disable=SC2154
# Shared by the scripts that run a local server (kafka.sh, clickhouse.sh): a pid file names the process this
# script started, and only that process is ever stopped. The sourcing script defines $pidfile and log().

# True when the pid file names a live process.
ours_running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# Stops the process of the pid file: SIGTERM, up to 30 s, then SIGKILL. $1 names it in messages ("broker").
stop_ours() {
  local what="$1" pid
  if ! ours_running; then rm -f "$pidfile"; log "no $what started by this script is running"; return 0; fi
  pid="$(cat "$pidfile")"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; log "stopped (pid $pid)"; return 0; }
    sleep 0.5
  done
  log "pid $pid ignored SIGTERM for 30 s: killing it"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}
