#!/usr/bin/env bash
# A local Apache Kafka 4.4.0 broker (KRaft, one node) from Maven Central jars, for development and tests.
#   scripts/kafka.sh start    start (or reuse one already answering on 127.0.0.1:9092), wait, create topics
#   scripts/kafka.sh stop     stop the broker this script started (pid file); never another one
#   scripts/kafka.sh status   say whether a broker answers and whether this script started it
# Data and logs: .local/kafka/ (git-ignored). Topic partitions: KAFKA_PARTITIONS_TRADES (4), KAFKA_PARTITIONS_QUOTES
# (2), KAFKA_PARTITIONS_AGGREGATES (2), KAFKA_PARTITIONS_DLQ (1); production uses the roadmap's 100/50/50.
# Aggregate topics: one aggregates-<tf> per timeframe in KAFKA_AGGREGATES (default "1m"; same list as
# TICKWIRE_KAFKA_AGGREGATES, e.g. "1m,5m,1h").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="$root/.local/kafka"
# shellcheck source=scripts/lib/java.sh
source "$root/scripts/lib/java.sh"
host=127.0.0.1
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
pidfile="$home/broker.pid"
cpfile="$home/classpath.txt"

log() { printf '[kafka] %s\n' "$*" >&2; }
# shellcheck source=scripts/lib/service.sh
source "$root/scripts/lib/service.sh"


answering() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

classpath() {
  mkdir -p "$home"
  if [ ! -s "$cpfile" ] || [ "$root/scripts/kafka/pom.xml" -nt "$cpfile" ]; then
    log "resolving the broker's jars (Maven Central, once)"
    (cd "$root/scripts/kafka" && mvn -q -B -ntp -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile="$cpfile") >&2
  fi
  cat "$cpfile"
}

topics() {
  local cp="$1" spec name parts
  local specs=("trades:${KAFKA_PARTITIONS_TRADES:-4}" "quotes:${KAFKA_PARTITIONS_QUOTES:-2}" \
                "trades-dlq:${KAFKA_PARTITIONS_DLQ:-1}") tf names=()
  local aggregates="${KAFKA_AGGREGATES:-${TICKWIRE_KAFKA_AGGREGATES:-1m}}"
  if [ "$aggregates" != none ]; then
    for tf in ${aggregates//,/ }; do specs+=("aggregates-$tf:${KAFKA_PARTITIONS_AGGREGATES:-2}"); done
  fi
  for spec in "${specs[@]}"; do
    name="${spec%%:*}"; parts="${spec##*:}"
    "$JAVA_HOME/bin/java" -Xmx128m -cp "$cp" org.apache.kafka.tools.TopicCommand --bootstrap-server "$host:$port" \
      --create --if-not-exists --topic "$name" --partitions "$parts" --replication-factor 1 >/dev/null 2>>"$home/topics.log" \
      || { log "could not create topic $name (see $home/topics.log)"; return 1; }
  done
  for spec in "${specs[@]}"; do names+=("${spec%%:*}"); done
  log "topics ready: ${names[*]}"
}

start() {
  JAVA_HOME="$(find_java_home 17)" || { log "needs a JDK >= 17"; exit 1; }
  local cp; cp="$(classpath)"
  if answering; then
    if ours_running; then log "broker already running (pid $(cat "$pidfile")) on $host:$port"
    else log "reusing the broker already answering on $host:$port"; fi
    topics "$cp"
    return 0
  fi
  mkdir -p "$home/data" "$home/logs"
  cat > "$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$controller_port
listeners=PLAINTEXT://$host:$port,CONTROLLER://$host:$controller_port
advertised.listeners=PLAINTEXT://$host:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$home/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
message.max.bytes=2097152
log.retention.hours=168
PROPS
  cat > "$home/log4j2.properties" <<PROPS
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=$home/logs/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=org.apache.kafka
logger.kafka.level=INFO
PROPS
  if [ ! -f "$home/data/meta.properties" ]; then
    local uuid; uuid="$("$JAVA_HOME/bin/java" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    "$JAVA_HOME/bin/java" -Dlog4j2.configurationFile="$home/log4j2.properties" -cp "$cp" kafka.tools.StorageTool \
      format -t "$uuid" -c "$home/server.properties" --standalone >"$home/logs/format.log" 2>&1 \
      || "$JAVA_HOME/bin/java" -Dlog4j2.configurationFile="$home/log4j2.properties" -cp "$cp" kafka.tools.StorageTool \
      format -t "$uuid" -c "$home/server.properties" >>"$home/logs/format.log" 2>&1 \
      || { log "storage format failed: $(tail -3 "$home/logs/format.log")"; exit 1; }
  fi
  log "starting a broker on $host:$port (data in $home)"
  nohup "$JAVA_HOME/bin/java" -Xms256m -Xmx1g -XX:+UseG1GC -Dlog4j2.configurationFile="$home/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$home/server.properties" >"$home/logs/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  local i
  for i in $(seq 1 120); do
    if ! ours_running; then log "broker exited: $(tail -5 "$home/logs/stdout.log" "$home/logs/server.log" 2>/dev/null)"; rm -f "$pidfile"; exit 1; fi
    if answering && grep -q 'Kafka Server started' "$home/logs/server.log" "$home/logs/stdout.log" 2>/dev/null; then
      log "ready after ${i}x0.5 s (pid $(cat "$pidfile"))"
      topics "$cp"
      return 0
    fi
    sleep 0.5
  done
  log "not ready after 60 s; see $home/logs"
  exit 1
}

stop() { stop_ours broker; }

status() {
  if answering; then
    if ours_running; then echo "running (pid $(cat "$pidfile")) on $host:$port"; else echo "answering on $host:$port (not started by this script)"; fi
  else
    echo "not running"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/kafka.sh start|stop|status" >&2; exit 2 ;;
esac
