#!/usr/bin/env bash
# Installs (from Debian's packages) and starts a private PostgreSQL 15 cluster for the test suite, idempotently.
# PostgreSQL refuses to run as root, so as root the cluster runs as the 'postgres' user.
# Prints the connection string the tests read from DOCKET_TEST_POSTGRES.
set -euo pipefail

PORT="${DOCKET_TEST_PG_PORT:-55432}"
PGDATA="${DOCKET_TEST_PG_DATA:-/tmp/docket-test-pg/data}"
PGBIN=""

find_bin() {
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && PGBIN="$dir"
  done
}

find_bin
if [ -z "$PGBIN" ]; then
  echo "Installing PostgreSQL from Debian's packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  find_bin
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

mkdir -p "$(dirname "$PGDATA")"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$(dirname "$PGDATA")"

if [ ! -f "$PGDATA/PG_VERSION" ]; then
  as_owner "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

if ! as_owner "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -l "$(dirname "$PGDATA")/server.log" -w -t 60 \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
fi

echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
