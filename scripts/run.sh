#!/usr/bin/env bash
# The README's run command: install what is missing, build the node, start
# the project's private PostgreSQL (kept in .pgdata/, unless DATABASE_URL
# points elsewhere), apply the migrations, start two arc-sims (local ARCs:
# a primary the demo takes down, and a secondary that also serves the block
# headers proofs are checked against) and `bsv-wallet-node serve`
# broadcasting to them in that order, and run a short demo against the node
# with `call --node`. The node then keeps
# serving until Ctrl-C (or exits after the demo with --demo-only).
#
#   bash scripts/run.sh [--demo-only]
#   LISTEN=HOST:PORT          the store port (default 127.0.0.1:4242; a free
#                             port when 4242 is taken and LISTEN is not set)
#   METRICS_LISTEN=HOST:PORT  /metrics and /health (default 127.0.0.1:9464,
#                             likewise)
#   DATABASE_URL=URL          your own PostgreSQL instead of .pgdata/
# The node's JSON log goes to node.log; when it fails to start, its last
# lines are printed here.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node.sh
source scripts/node.sh

demo_only=false
[ "${1:-}" = "--demo-only" ] && demo_only=true

# True when something already listens on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The default HOST:PORT, or an ephemeral port on loopback when it is taken.
default_listen() {
  if port_busy "$1"; then
    echo "(port $1 is taken: using a free one)" >&2
    echo 127.0.0.1:0
  else
    echo "127.0.0.1:$1"
  fi
}
listen=${LISTEN:-$(default_listen 4242)}

scripts/install-deps.sh
echo "== building bsv-wallet-node and arc-sim"
scripts/build.sh --target bsv-wallet-node
scripts/build.sh --target arc-sim

node_pid=""
ARC_PID=""
PRIMARY_PID=""
cleanup() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill -TERM "$node_pid"
    wait "$node_pid" && echo "(node stopped, exit 0)" || echo "(node exit $?)"
  fi
  [ -n "$ARC_PID" ] && kill "$ARC_PID" 2>/dev/null || true
  [ -n "$PRIMARY_PID" ] && kill "$PRIMARY_PID" 2>/dev/null || true
  if [ -f .pgdata/conninfo ] && [ -z "${KEEP_DATABASE_URL:-}" ]; then
    scripts/pg-cluster.sh stop .pgdata
    echo "(private PostgreSQL stopped; its data stays in .pgdata/)"
  fi
}
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  scripts/pg-cluster.sh start .pgdata --durable
  cluster=$(cat .pgdata/conninfo)
  if [ "$(psql "$cluster dbname=postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'wallet'")" != "1" ]; then
    psql "$cluster dbname=postgres" -qc "CREATE DATABASE wallet"
  fi
  export DATABASE_URL="$cluster dbname=wallet"
else
  KEEP_DATABASE_URL=1
fi

echo "== applying migrations"
build/bin/bsv-wallet-node migrate

echo "== starting two arc-sims, local ARCs: a primary and a secondary"
start_arc_sim
PRIMARY_URL=$ARC_URL
PRIMARY_PID=$ARC_PID
start_arc_sim
HEADERS_URL="$ARC_URL/v1/bsv/main"  # the secondary serves its blocks' headers too
echo "primary ARC on $PRIMARY_URL, secondary ARC on $ARC_URL, block headers at $HEADERS_URL"

echo "== starting the node on $listen (its JSON log lines go to node.log)"
metrics=${METRICS_LISTEN:-$(default_listen 9464)}
READY_LOG=node.log  # start_node prints its last lines if the node fails to start
# Proof checks a second after the broadcast, then every 2 s: the demo mines
# at once (the defaults, 60 s then 600 s, follow real blocks).
start_node --listen "$listen" --arc-url "$PRIMARY_URL" --arc-url "$ARC_URL" \
  --headers-url "$HEADERS_URL" --node-id demo-node \
  --metrics-listen "$metrics" --proof-first-check 1 --proof-interval 2 2>>node.log
node_pid=$NODE_PID
node_address=$NODE_ADDRESS
if [ "${metrics##*:}" = 0 ]; then  # the port the node took, from its log
  metrics=$(sed -n 's/.*"component":"metrics".*"listen":"\([^"]*\)".*/\1/p' node.log | tail -n 1)
fi
echo "ready: the node serves the store on $node_address and broadcasts to $PRIMARY_URL,"
echo "       then $ARC_URL; it checks proofs against the headers at $HEADERS_URL;"
echo "       /metrics and /health on http://$metrics"

NODE="$node_address" ARC_URL="$ARC_URL" PRIMARY_PID="$PRIMARY_PID" PRIMARY_URL="$PRIMARY_URL" \
  HEADERS_URL="$HEADERS_URL" METRICS="$metrics" NODE_LOG=node.log scripts/demo.sh
PRIMARY_PID=""  # the demo stopped it

if [ "$demo_only" = false ]; then
  printf '\nThe node keeps serving on %s; try\n  build/bin/bsv-wallet-node call count_outputs --node %s\nCtrl-C stops it.\n' \
    "$node_address" "$node_address"
  wait "$node_pid" || true
fi
