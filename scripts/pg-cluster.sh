#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for the demo, the tests and the benchmarks.
#
#   scripts/pg-cluster.sh start DIR [--durable]   initdb (first time) and start
#   scripts/pg-cluster.sh stop DIR                stop it (data kept)
#   scripts/pg-cluster.sh restart DIR             stop and start, same socket (for fault tests)
#   scripts/pg-cluster.sh destroy DIR             stop it and delete its data
#   scripts/pg-cluster.sh start DIR --replicated  a primary a standby can follow
#   scripts/pg-cluster.sh standby DIR PRIMARY_DIR a streaming standby of PRIMARY_DIR's
#                                                 cluster (pg_basebackup -R), started
#   scripts/pg-cluster.sh crash DIR               stop at once (-m immediate), as a crash
#   scripts/pg-cluster.sh promote DIR             make a standby the primary
#
# DIR/conninfo then holds a libpq connection string (without dbname) for the
# cluster's superuser. The server listens only on a Unix socket in a private
# directory: no TCP port, so clusters never collide. initdb refuses to run as
# root, so as root the cluster belongs to the system user "bsvpg".
# Without --durable, fsync is off: fast and fine for throwaway test data.
# --replicated keeps fsync off but leaves synchronous_commit to the server's
# configuration, so that synchronous replication can be switched on.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_USER=bsvpg

die() { echo "pg-cluster: $*" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

owner_name() {
  if [ "$(id -u)" -eq 0 ]; then echo "$PG_USER"; else id -un; fi
}

ensure_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
}

# The data directory: DIR/data when the owner can reach it, else a private
# directory under /tmp (recorded in DIR/datadir either way).
data_dir_for() {
  local dir=$1
  if [ -f "$dir/datadir" ]; then cat "$dir/datadir"; return; fi
  local data="$dir/data"
  mkdir -p "$data"
  chown "$(owner_name)" "$data"
  if ! as_owner test -w "$data"; then
    rmdir "$data"
    data=$(mktemp -d /tmp/bsvpg-data.XXXXXX)
    chown "$(owner_name)" "$data"
  fi
  echo "$data" > "$dir/datadir"
  echo "$data"
}

start() {
  local dir=$1 durable=${2:-}
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN (apt-get install postgresql-15)"
  ensure_user
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 755 "$dir"  # the server writes its log here
  local data sock
  data=$(data_dir_for "$dir")
  if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$PG_BIN/initdb" -D "$data" --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  if as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "pg-cluster: already running ($(cat "$dir/conninfo"))"
    return 0
  fi
  sock=$(mktemp -d /tmp/bsvpg.XXXXXX)  # short path: socket names are limited to 107 bytes
  chown "$(owner_name)" "$sock"
  echo "$sock" > "$dir/sockdir"
  local opts="-c listen_addresses='' -k $sock -c max_connections=200"
  case "$durable" in
    --durable) ;;
    --replicated) opts="$opts -c fsync=off -c full_page_writes=off" ;;
    *) opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off" ;;
  esac
  touch "$dir/server.log" && chown "$(owner_name)" "$dir/server.log"
  as_owner "$PG_BIN/pg_ctl" -D "$data" -o "$opts" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; die "server did not start"; }
  echo "host=$sock port=5432 user=$(owner_name)" > "$dir/conninfo"
  echo "pg-cluster: running ($(cat "$dir/conninfo"))"
}

stop() {
  local dir=$1
  [ -f "$dir/datadir" ] || return 0
  local data; data=$(cat "$dir/datadir")
  if as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
  if [ -f "$dir/sockdir" ]; then rm -rf "$(cat "$dir/sockdir")" "$dir/sockdir"; fi
  rm -f "$dir/conninfo"
}

restart() {
  local dir=$1
  local data; data=$(cat "$dir/datadir")
  as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 restart >/dev/null
}

# A streaming standby of PRIMARY_DIR's cluster in DIR, on a socket of its own.
standby() {
  local dir=$1 primary=$2
  ensure_user
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 755 "$dir"
  local data sock primary_sock
  data=$(data_dir_for "$dir")
  primary_sock=$(cat "$primary/sockdir")
  rm -rf "$data" && mkdir -p "$data" && chown "$(owner_name)" "$data" && chmod 700 "$data"
  as_owner "$PG_BIN/pg_basebackup" -D "$data" -R -X stream -h "$primary_sock" -p 5432 \
    -U "$(owner_name)" >"$dir/basebackup.log" 2>&1 \
    || { cat "$dir/basebackup.log" >&2; die "pg_basebackup failed"; }
  sock=$(mktemp -d /tmp/bsvpg.XXXXXX)
  chown "$(owner_name)" "$sock"
  echo "$sock" > "$dir/sockdir"
  touch "$dir/server.log" && chown "$(owner_name)" "$dir/server.log"
  local opts="-c listen_addresses='' -k $sock -c max_connections=200 -c fsync=off"
  opts="$opts -c full_page_writes=off -c cluster_name=standby"
  as_owner "$PG_BIN/pg_ctl" -D "$data" -o "$opts" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; die "standby did not start"; }
  echo "host=$sock port=5432 user=$(owner_name)" > "$dir/conninfo"
  echo "pg-cluster: standby running ($(cat "$dir/conninfo"))"
}

crash() {
  local data; data=$(cat "$1/datadir")
  as_owner "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null
}

promote() {
  local data; data=$(cat "$1/datadir")
  as_owner "$PG_BIN/pg_ctl" -D "$data" -w -t 60 promote >/dev/null
}

destroy() {
  local dir=$1
  stop "$dir"
  if [ -f "$dir/datadir" ]; then rm -rf "$(cat "$dir/datadir")"; fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [ $# -ge 2 ] || die "usage: $0 start DIR [--durable]"; start "$2" "${3:-}" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  restart) [ $# -eq 2 ] || die "usage: $0 restart DIR"; restart "$2" ;;
  destroy) [ $# -eq 2 ] || die "usage: $0 destroy DIR"; destroy "$2" ;;
  standby) [ $# -eq 3 ] || die "usage: $0 standby DIR PRIMARY_DIR"; standby "$2" "$3" ;;
  crash) [ $# -eq 2 ] || die "usage: $0 crash DIR"; crash "$2" ;;
  promote) [ $# -eq 2 ] || die "usage: $0 promote DIR"; promote "$2" ;;
  *) die "usage: $0 start|stop|restart|destroy|standby|crash|promote DIR" ;;
esac
