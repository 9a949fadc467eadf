#!/usr/bin/env bash
# Cost curves: each store scenario at 10^5, 10^6 and 10^7 outputs, beside
# pgbench running the same allocation statement on the same data in the same
# run (the ceiling allocate is measured against), and queue_drain with and
# without a million finished jobs behind it. Prints one table.
#
#   bench/scale.sh                 ROWS="100000 1000000 10000000" DURATION=10 CLIENTS=8
#                                  POOL=8 ROUNDS=3 HISTORY=1000000 JOBS=30000
#
# On a shared machine one run's figure moves by a third from one minute to
# the next: the spenders, pgbench and the queue drains run ROUNDS times,
# interleaved, and the table gives each one's median (and the ratios of the
# medians).
#
# Filling 10^7 rows takes minutes; the filled schemas are kept in the
# cluster at CLUSTER_DIR (default /var/tmp/bsv-scale), so a second run
# starts at once. `scripts/pg-cluster.sh destroy /var/tmp/bsv-scale` removes
# them. fsync is off in that cluster: it measures the work, not the disk.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-"100000 1000000 10000000"}
DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-8}
POOL=${POOL:-8}
HISTORY=${HISTORY:-1000000}
JOBS=${JOBS:-30000}
ROUNDS=${ROUNDS:-3}
CLUSTER_DIR=${CLUSTER_DIR:-/var/tmp/bsv-scale}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
node=build/bin/bsv-wallet-node

scripts/install-deps.sh
scripts/build.sh --target bsv-wallet-node >/dev/null

scripts/pg-cluster.sh start "$CLUSTER_DIR" >/dev/null  # or finds it running
cluster=$(cat "$CLUSTER_DIR/conninfo")
psql "$cluster dbname=postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'scale'" | grep -q 1 ||
  psql "$cluster dbname=postgres" -qc "CREATE DATABASE scale"
url="$cluster dbname=scale"

field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
bench() {  # scenario, then options
  local scenario=$1; shift
  "$node" bench "$scenario" --database-url "$url" --duration "$DURATION" "$@"
}
sizes() {  # schema: "table MB / indexes MB"
  psql "$url" -qtAc "SELECT round(pg_table_size('$1.wallet_outputs') / 1048576.0) || ' MB / ' ||
    round(pg_indexes_size('$1.wallet_outputs') / 1048576.0) || ' MB'"
}
allocation_indexes() {  # schema: the five indexes of migration 011, MB
  psql "$url" -qtAc "SELECT round(sum(pg_relation_size(c.oid)) / 1048576.0) FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = '$1' AND c.relname LIKE 'wallet_outputs_spendable_%'"
}

# pgbench's allocation: db/sql/allocate_utxos.sql with the candidates
# PostgresStore builds for largest_first in basket 'pool' (max_outputs 100),
# prepared as PostgresStore prepares it, then each output taken marked spent
# by its own statement, by outpoint and answering the record, as the
# allocate scenario does (beyond three, the rest in one). pgbench takes any
# ":name" for a variable, even inside a string: the timestamp format's
# colons are spelled apart.
pgbench_allocate=$(mktemp)
mark_spent="UPDATE wallet_outputs SET state = 'spent', spendable = false, pending_since = NULL, pending_reference = NULL, data = (data - 'pending_since' - 'pending_reference' - 'no_send') || jsonb_build_object('state', 'spent')"
{
  echo '\set target random(1000, 4500)'
  echo '\set n random(1, 1000000000)'
  sed -e '/^--/d' -e '/^SELECT reached.total/,$d' \
      -e "s/{candidates}/SELECT id, COALESCE(satoshis, 0) AS sats FROM wallet_outputs WHERE (state = 'spendable' OR (state IS NULL AND spendable)) AND basket = 'pool' ORDER BY COALESCE(satoshis, 0) DESC, id LIMIT 1000/" \
      -e "s/{target}/:target/g" -e "s/{max_outputs}/100/g" \
      -e "s/{reference}/('pgb-' || :client_id::text || '-' || :n::text)/g" \
      -e "s/{no_send}/false/g" \
      -e "s/HH24:MI:SS/HH24' || ':' || 'MI' || ':' || 'SS/" db/sql/allocate_utxos.sql | tr '\n' ' '
  echo "SELECT count(*) AS k, (array_agg(data->>'outpoint'))[1] AS op1,"
  echo "       (array_agg(data->>'outpoint'))[2] AS op2, (array_agg(data->>'outpoint'))[3] AS op3,"
  echo "       coalesce(string_agg(id::text, ','), '0') AS ids FROM taken"
  echo '\gset'
  for i in 1 2 3; do
    echo "\\if :k >= $i"
    echo "$mark_spent WHERE outpoint = :op$i RETURNING data;"
    echo '\endif'
  done
  echo '\if :k >= 4'
  echo "$mark_spent WHERE id = ANY (string_to_array(:ids, ',')::int[]) AND state = 'pending' RETURNING data;"
  echo '\endif'
} >"$pgbench_allocate"

pgbench_tps() {  # schema
  local out
  out=$(PGOPTIONS="-c search_path=$1" "$PG_BIN/pgbench" -n -M prepared -c "$CLIENTS" -j 2 \
    -T "$DURATION" -f "$pgbench_allocate" "$url" 2>&1) || { echo "$out" | tail -3 >&2; echo 0; return; }
  echo "$out" | awk '/^tps = /{print $3}'
}

# The median of the numbers given.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# The median of FIELD over the JSON lines of FILE.
median_of() { median $(field "$1" <"$2"); }
# A table row from the JSON lines of FILE: p50, p99 and ops/s, medians.
row() {  # rows, name, file
  printf "| %s | %s | %s | %s | %s |\n" "$1" "$2" "$(median_of p50_ms "$3")" \
    "$(median_of p99_ms "$3")" "$(median_of ops_per_sec "$3")"
}

work=$(mktemp -d)
trap 'rm -rf "$work" "$pgbench_allocate"' EXIT
table=$work/table
for rows in $ROWS; do
  echo "== $rows outputs" >&2
  bench find_outputs --rows "$rows" --concurrency 1 --pool-size "$POOL" >"$work/find"
  bench lock_cycle --rows "$rows" --concurrency "$CLIENTS" --pool-size "$POOL" >"$work/lock"
  : >"$work/allocate"; : >"$work/two_step"; : >"$work/allocate_direct"
  : >"$work/two_step_direct"; : >"$work/pgbench"
  for round in $(seq "$ROUNDS"); do
    # The spenders through the store actor, and directly (a PostgresStore each).
    bench allocate --rows "$rows" --concurrency "$CLIENTS" --pool-size "$POOL" >>"$work/allocate"
    bench funding_two_step --rows "$rows" --concurrency "$CLIENTS" --pool-size "$POOL" \
      >>"$work/two_step"
    bench allocate --rows "$rows" --concurrency "$CLIENTS" --direct >>"$work/allocate_direct"
    bench funding_two_step --rows "$rows" --concurrency "$CLIENTS" --direct \
      >>"$work/two_step_direct"
    psql "$url" -q -c "SET search_path TO bench_spend_pool_$rows" -f bench/sql/reset_spend_pool.sql
    psql "$url" -qc "VACUUM ANALYZE bench_spend_pool_$rows.wallet_outputs"
    echo "{\"ops_per_sec\":$(pgbench_tps "bench_spend_pool_$rows")}" >>"$work/pgbench"
    echo "round $round done" >&2
  done
  cat "$work/find" "$work/lock" "$work/allocate" "$work/two_step" "$work/allocate_direct" \
    "$work/two_step_direct" "$work/pgbench" >&2
  ceiling=$(median_of ops_per_sec "$work/pgbench")
  {
    row "$rows" find_outputs "$work/find"
    row "$rows" lock_cycle "$work/lock"
    row "$rows" "allocate (actor)" "$work/allocate"
    row "$rows" "funding_two_step (actor)" "$work/two_step"
    row "$rows" "allocate (direct)" "$work/allocate_direct"
    row "$rows" "funding_two_step (direct)" "$work/two_step_direct"
    printf "| %s | pgbench, the same allocation | | | %s |\n" "$rows" "$ceiling"
    for mode in actor direct; do
      if [ $mode = actor ]; then a=$work/allocate; t=$work/two_step; else a=$work/allocate_direct; t=$work/two_step_direct; fi
      a_ops=$(median_of ops_per_sec "$a")
      printf "| %s | %s: allocate / funding_two_step %s, allocate / pgbench %s, double allocations %s | | | |\n" \
        "$rows" "$mode" "$(ratio "$a_ops" "$(median_of ops_per_sec "$t")")" "$(ratio "$a_ops" "$ceiling")" \
        "$(field double_allocations <"$a" | awk '{s += $1} END{print s}')"
    done
    printf "| %s | sizes (table / all indexes): find_outputs %s, spend pool %s; allocation indexes %s MB | | | |\n" \
      "$rows" "$(sizes "bench_find_outputs_$rows")" "$(sizes "bench_spend_pool_$rows")" \
      "$(allocation_indexes "bench_spend_pool_$rows")"
  } >>"$table"
done

echo "== queue_drain, $JOBS jobs, history 0 and $HISTORY, $ROUNDS rounds" >&2
: >"$work/empty"; : >"$work/full"
for round in $(seq "$ROUNDS"); do
  "$node" bench queue_drain --database-url "$url" --count "$JOBS" >>"$work/empty"
  "$node" bench queue_drain --database-url "$url" --count "$JOBS" --history "$HISTORY" >>"$work/full"
done
cat "$work/empty" "$work/full" >&2

echo
echo "| rows | scenario | p50 ms | p99 ms | ops/s |"
echo "|---|---|---|---|---|"
cat "$table"
row "history 0" "queue_drain ($JOBS jobs)" "$work/empty"
row "history $HISTORY" "queue_drain ($JOBS jobs)" "$work/full"
echo
echo "queue_drain with history / without: $(ratio "$(median_of ops_per_sec "$work/full")" "$(median_of ops_per_sec "$work/empty")")"
