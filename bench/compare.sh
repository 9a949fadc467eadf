#!/usr/bin/env bash
# Benchmarks the store against pgbench running the same SQL, in one run, on
# one private PostgreSQL cluster (fsync off: it measures the work, not the disk).
#
#   bench/compare.sh            DURATION=10 CLIENTS=8 POOL=4 ROUNDS=2 JOBS=10000 by default
#
# store_output and lock_cycle run three ways: through the store actor in
# process (pool POOL), through a `serve` node over CAF's network transport
# (pool POOL), and directly (a PostgresStore per requester, no actors).
# queue_drain runs against arc-sim and against the in-process instant ARC,
# beside pgbench draining the same jobs one claim at a time; queue_latency
# with the default 8 s poll. Prints the JSON of each `bsv-wallet-node bench`
# run, pgbench's figure for the same statements, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node.sh
source scripts/node.sh

DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-8}
POOL=${POOL:-4}
ROUNDS=${ROUNDS:-2}
JOBS=${JOBS:-10000}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
node=build/bin/bsv-wallet-node

scripts/install-deps.sh
scripts/build.sh --target bsv-wallet-node >/dev/null
scripts/build.sh --target arc-sim >/dev/null

cluster_dir=$(mktemp -d /tmp/bsv-bench.XXXXXX)
node_pid=""
arc_pid=""
cleanup() {
  [ -n "$node_pid" ] && kill -TERM "$node_pid" 2>/dev/null && wait "$node_pid" || true
  [ -n "$arc_pid" ] && kill "$arc_pid" 2>/dev/null || true
  scripts/pg-cluster.sh destroy "$cluster_dir" >/dev/null 2>&1 || true
}
trap cleanup EXIT
scripts/pg-cluster.sh start "$cluster_dir" >/dev/null
cluster=$(cat "$cluster_dir/conninfo")
psql "$cluster dbname=postgres" -qc "CREATE DATABASE bench"
url="$cluster dbname=bench"
"$node" migrate --database-url "$url" >/dev/null

# pgbench's figure: tps (without initial connection time) and average latency.
pgbench_run() {  # clients script
  local out
  out=$("$PG_BIN/pgbench" -n -c "$1" -j 2 -T "$DURATION" -f "$2" "$url" 2>&1)
  echo "$out" | awk '/^tps = /{tps=$3} /^latency average/{lat=$4} END{printf "%s %s\n", tps, lat}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a / b}'; }
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }

# arc-sim for the queue runs.
start_arc_sim
arc_pid=$ARC_PID
arc_url=$ARC_URL

# A node for the --node runs, on the same database and pool size.
start_node --database-url "$url" --pool-size "$POOL" --listen 127.0.0.1:0 --no-broadcast \
  2>"$cluster_dir/node.err"
node_pid=$NODE_PID
node_address=$NODE_ADDRESS

bench() {  # scenario, then bench options
  local scenario=$1; shift
  "$node" bench "$scenario" --concurrency "$CLIENTS" --duration "$DURATION" "$@"
}

echo "== store_output: $CLIENTS concurrent requesters vs pgbench -c $CLIENTS, ${DURATION}s each"
for round in $(seq "$ROUNDS"); do
  psql "$url" -qc "TRUNCATE wallet_outputs RESTART IDENTITY"
  read -r pg_tps _ < <(pgbench_run "$CLIENTS" bench/sql/pgbench_store_output.sql)
  actor=$(bench store_output --database-url "$url" --pool-size "$POOL")
  remote=$(bench store_output --node "$node_address")
  direct=$(bench store_output --database-url "$url" --direct)
  echo "round $round actor:  $actor"
  echo "round $round node:   $remote"
  echo "round $round direct: $direct"
  echo "round $round: pgbench tps=$pg_tps  ratios to pgbench: actor $(ratio "$(echo "$actor" | field ops_per_sec)" "$pg_tps")" \
       " node $(ratio "$(echo "$remote" | field ops_per_sec)" "$pg_tps")" \
       " direct $(ratio "$(echo "$direct" | field ops_per_sec)" "$pg_tps")"
done

echo "== find_outputs: 100,000 outputs, basket + 2 tags (all), limit 10, one requester"
psql "$url" -qc "TRUNCATE wallet_outputs RESTART IDENTITY"
psql "$url" -q -v rows=100000 -f bench/sql/fill_find_outputs.sql >/dev/null
psql "$url" -qc "VACUUM ANALYZE wallet_outputs"
for round in $(seq "$ROUNDS"); do
  read -r _ pg_latency < <(pgbench_run 1 bench/sql/pgbench_find_outputs.sql)
  ours=$("$node" bench find_outputs --database-url "$url" --pool-size "$POOL" --concurrency 1 --duration "$DURATION")
  echo "round $round: $ours"
  echo "round $round: pgbench latency average=${pg_latency} ms  (goal: our p50 <= 2 ms)"
done

echo "== queue_drain: $JOBS auto-funded jobs vs pgbench -c 2 claiming one job then completing it"
for round in $(seq "$ROUNDS"); do
  psql "$url" -qc "TRUNCATE wallet_broadcast_jobs, wallet_actions, wallet_outputs RESTART IDENTITY"
  psql "$url" -q -v count="$JOBS" -f bench/sql/seed_pgbench_jobs.sql
  psql "$url" -qc "VACUUM ANALYZE"
  pg_tps=$("$PG_BIN/pgbench" -n -c 2 -j 2 -t $((JOBS / 2)) -f bench/sql/pgbench_claim_complete.sql "$url" 2>&1 |
    awk '/^tps = /{print $3}')
  via_sim=$("$node" bench queue_drain --database-url "$url" --count "$JOBS" --arc-url "$arc_url")
  instant=$("$node" bench queue_drain --database-url "$url" --count "$JOBS")
  echo "round $round arc-sim: $via_sim"
  echo "round $round instant: $instant"
  echo "round $round: pgbench jobs/s=$pg_tps  ratios (goal >= 2): arc-sim $(ratio "$(echo "$via_sim" | field ops_per_sec)" "$pg_tps")" \
       " instant $(ratio "$(echo "$instant" | field ops_per_sec)" "$pg_tps")"
done

echo "== queue_latency: one job at a time, enqueue commit to settlement commit (goal p50 <= 5 ms, p99 <= 50 ms)"
"$node" bench queue_latency --database-url "$url" --count 300 --arc-url "$arc_url"
"$node" bench queue_latency --database-url "$url" --count 300

echo "== lock_cycle: $CLIENTS requesters competing for 100,000 outputs (10,000 through the node)"
bench lock_cycle --database-url "$url" --pool-size "$POOL"
bench lock_cycle --node "$node_address"
bench lock_cycle --database-url "$url" --direct
