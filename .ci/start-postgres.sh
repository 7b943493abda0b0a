#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on loopback for the tests and prints its DATABASE_URL.
# Installs Debian's postgresql package when no server binaries are present.
set -euo pipefail
PORT="${PGPORT_TEST:-55432}"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "installing postgresql from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi
DIR=/tmp/prognos-pg-$PORT
if ! "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1 && ! su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $DIR/data status" >/dev/null 2>&1; then
  rm -rf "$DIR"; mkdir -p "$DIR"; chown postgres "$DIR" 2>/dev/null || true
  RUN="su postgres -s /bin/sh -c"
  [ "$(id -u)" != 0 ] && RUN="sh -c"
  $RUN "$PGBIN/initdb -D $DIR/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >&2
  $RUN "$PGBIN/pg_ctl -D $DIR/data -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' -l $DIR/log -w start" >&2
fi
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
