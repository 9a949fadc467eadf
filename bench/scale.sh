#!/usr/bin/env bash
# Cost curves: each store scenario at 10^5, 10^6 and 10^7 outputs, beside
# pgbench running the same allocation statement on the same data in the same
# run (the ceiling allocate is measured against), and queue_drain with and
# without a million finished jobs behind it. Prints one table.
#
#   bench/scale.sh                 ROWS="100000 1000000 10000000" DURATION=10 CLIENTS=8
#                                  POOL=8 HISTORY=1000000 JOBS=10000
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
JOBS=${JOBS:-10000}
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
trap 'rm -f "$pgbench_allocate"' EXIT
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

rows_table=$(mktemp)
row() {  # rows, name, json
  printf "| %s | %s | %s | %s | %s |\n" "$1" "$2" "$(echo "$3" | field p50_ms)" \
    "$(echo "$3" | field p99_ms)" "$(echo "$3" | field ops_per_sec)"
}
for rows in $ROWS; do
  echo "== $rows outputs" >&2
  find=$(bench find_outputs --rows "$rows" --concurrency 1 --pool-size "$POOL")
  lock=$(bench lock_cycle --rows "$rows" --concurrency "$CLIENTS" --pool-size "$POOL")
  # The spenders through the store actor, and directly (a PostgresStore each).
  allocate=$(bench allocate --rows "$rows" --concurrency "$CLIENTS" --pool-size "$POOL")
  two_step=$(bench funding_two_step --rows "$rows" --concurrency "$CLIENTS" --pool-size "$POOL")
  allocate_direct=$(bench allocate --rows "$rows" --concurrency "$CLIENTS" --direct)
  two_step_direct=$(bench funding_two_step --rows "$rows" --concurrency "$CLIENTS" --direct)
  psql "$url" -q -c "SET search_path TO bench_spend_pool_$rows" -f bench/sql/reset_spend_pool.sql
  psql "$url" -qc "VACUUM ANALYZE bench_spend_pool_$rows.wallet_outputs"
  ceiling=$(pgbench_tps "bench_spend_pool_$rows")
  for json in "$find" "$lock" "$allocate" "$two_step" "$allocate_direct" "$two_step_direct"; do
    echo "$json" >&2
  done
  echo "pgbench allocation tps=$ceiling" >&2
  {
    row "$rows" find_outputs "$find"
    row "$rows" lock_cycle "$lock"
    row "$rows" "allocate (actor)" "$allocate"
    row "$rows" "funding_two_step (actor)" "$two_step"
    row "$rows" "allocate (direct)" "$allocate_direct"
    row "$rows" "funding_two_step (direct)" "$two_step_direct"
    printf "| %s | pgbench, the same allocation | | | %s |\n" "$rows" "$ceiling"
    for mode in actor direct; do
      if [ $mode = actor ]; then a=$allocate; t=$two_step; else a=$allocate_direct; t=$two_step_direct; fi
      a_ops=$(echo "$a" | field ops_per_sec)
      printf "| %s | %s: allocate / funding_two_step %s, allocate / pgbench %s, double allocations %s | | | |\n" \
        "$rows" "$mode" "$(ratio "$a_ops" "$(echo "$t" | field ops_per_sec)")" "$(ratio "$a_ops" "$ceiling")" \
        "$(echo "$a" | field double_allocations)"
    done
    printf "| %s | sizes (table / all indexes): find_outputs %s, spend pool %s; allocation indexes %s MB | | | |\n" \
      "$rows" "$(sizes "bench_find_outputs_$rows")" "$(sizes "bench_spend_pool_$rows")" \
      "$(allocation_indexes "bench_spend_pool_$rows")"
  } >>"$rows_table"
done

echo "== queue_drain, $JOBS jobs, history 0 and $HISTORY" >&2
empty=$("$node" bench queue_drain --database-url "$url" --count "$JOBS")
full=$("$node" bench queue_drain --database-url "$url" --count "$JOBS" --history "$HISTORY")
echo "$empty" >&2
echo "$full" >&2

echo
echo "| rows | scenario | p50 ms | p99 ms | ops/s |"
echo "|---|---|---|---|---|"
cat "$rows_table"
rm -f "$rows_table"
printf "| history 0 | queue_drain | %s | %s | %s |\n" "$(echo "$empty" | field p50_ms)" \
  "$(echo "$empty" | field p99_ms)" "$(echo "$empty" | field ops_per_sec)"
printf "| history %s | queue_drain | %s | %s | %s |\n" "$HISTORY" "$(echo "$full" | field p50_ms)" \
  "$(echo "$full" | field p99_ms)" "$(echo "$full" | field ops_per_sec)"
echo "queue_drain with history / without: $(ratio "$(echo "$full" | field ops_per_sec)" "$(echo "$empty" | field ops_per_sec)")"
