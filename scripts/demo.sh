#!/usr/bin/env bash
# A walk through the store with the node's `call` command: store outputs,
# lock some for a transaction, find what is still spendable, look at the rows.
# Talks to the node at $NODE (HOST:PORT) and reads the rows with psql from
# $DATABASE_URL; scripts/run.sh sets both up.
set -euo pipefail
cd "$(dirname "$0")/.."
node=build/bin/bsv-wallet-node
txid=d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0
txid=${txid//m/e}  # keep it hex

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() {
  printf "$ bsv-wallet-node call %s '%s' --node %s\n" "$1" "${2:-}" "$NODE"
  "$node" call "$@" --node "$NODE"
}

for vout in 0 1 2; do "$node" call delete_output "{\"outpoint\":\"$txid.$vout\"}" --node "$NODE" >/dev/null; done

step "1. Store three outputs (UTXOs) in the basket \"default\""
show store_output "{\"outpoint\":\"$txid.0\",\"satoshis\":1500,\"basket\":\"default\",\"tags\":[\"salary\"],\"locking_script\":\"76a914aa88ac\"}"
show store_output "{\"outpoint\":\"$txid.1\",\"satoshis\":700,\"basket\":\"default\",\"tags\":[\"change\"]}"
show store_output "{\"outpoint\":\"$txid.2\",\"satoshis\":90,\"basket\":\"default\",\"tags\":[\"change\"],\"memo\":{\"note\":\"any extra key round-trips ✓\"}}"

step "2. Lock two of them for a new transaction (atomic: a second caller could not get them)"
show lock_utxos "{\"outpoints\":[\"$txid.0\",\"$txid.1\"],\"reference\":\"demo-spend-1\"}"
echo "  ... and again: they are pending now, so nothing is locked"
show lock_utxos "{\"outpoints\":[\"$txid.0\",\"$txid.1\"],\"reference\":\"demo-spend-2\"}"

step "3. What is still spendable (largest first)?"
show find_spendable_outputs '{"basket":"default"}'

step "4. The rows in PostgreSQL: indexed columns beside the JSONB record"
psql "$DATABASE_URL" -P pager=off -c "SELECT id, outpoint, satoshis, state, spendable, pending_reference,
  to_char(pending_since, 'HH24:MI:SS.US') AS pending_since FROM wallet_outputs
  WHERE outpoint LIKE '$txid.%' ORDER BY id"

step "5. The transaction was abandoned: release locks older than 0 seconds"
show release_stale_pending '{"timeout":0}'
show count_outputs '{"basket":"default"}'

printf '\nDone. Try more: %s call --help\n' "$node"
