# shellcheck shell=bash
# Sourced by bin/tickwire and the scripts: find a JDK of at least a given major version.
#   find_java_home [MIN]   prints its home (JAVA_HOME first, then /usr/lib/jvm, then `java` on PATH); MIN default 25

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

find_java_home() {
  local min="${1:-25}" candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "${major%%.*}" -ge "$min" ] 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  if command -v java >/dev/null 2>&1; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "${major%%.*}" -ge "$min" ] 2>/dev/null; then echo "$candidate"; return 0; fi
  fi
  return 1
}
