#!/usr/bin/env bash
# Creates the role and databases Tickwire uses on the local PostgreSQL (idempotent):
#   role tickwire (password tickwire), databases tickwire (serve) and tickwire_test (tests).
# Runs psql as the postgres OS user; the server must be answering on 5432.
set -euo pipefail
psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt "$@"; }
if ! psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'tickwire'" | grep -q 1; then
  psql_admin -c "CREATE ROLE tickwire LOGIN PASSWORD 'tickwire'"
fi
for db in tickwire tickwire_test; do
  if ! psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    psql_admin -c "CREATE DATABASE $db OWNER tickwire"
  fi
done
echo "postgres: role tickwire and databases tickwire, tickwire_test ready"
