#!/usr/bin/env bash
# The README's run command: install what is missing, build the node, start
# the project's private PostgreSQL (kept in .pgdata/, unless DATABASE_URL
# points elsewhere), apply the migrations and run a short demo.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
echo "== building bsv-wallet-node"
scripts/build.sh --target bsv-wallet-node

if [ -z "${DATABASE_URL:-}" ]; then
  scripts/pg-cluster.sh start .pgdata --durable
  trap 'scripts/pg-cluster.sh stop .pgdata; echo "(private PostgreSQL stopped; its data stays in .pgdata/)"' EXIT
  cluster=$(cat .pgdata/conninfo)
  if [ "$(psql "$cluster dbname=postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'wallet'")" != "1" ]; then
    psql "$cluster dbname=postgres" -qc "CREATE DATABASE wallet"
  fi
  export DATABASE_URL="$cluster dbname=wallet"
fi

echo "== applying migrations"
build/bin/bsv-wallet-node migrate
scripts/demo.sh
