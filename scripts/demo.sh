#!/usr/bin/env bash
# A walk through the store with the node's `call` command: store outputs,
# lock some for a transaction, find what is still spendable, look at the rows,
# then enqueue a transaction and watch the node broadcast it to ARC and
# settle the wallet's outputs, fail over from a primary ARC that went down
# to the secondary, and store the proof only after checking its merkle root
# against the block headers. Talks to the node at $NODE (HOST:PORT), reads
# the rows with psql from $DATABASE_URL and asks arc-sim at $ARC_URL (the
# secondary ARC, which also serves the headers at $HEADERS_URL) what it
# received; stops the primary ($PRIMARY_PID at $PRIMARY_URL) before the
# broadcast. scripts/run.sh sets them all up (and METRICS, HOST:PORT of
# /metrics and /health, and NODE_LOG, the node's log file).
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
show find_spendable_outputs '{"basket":"default","limit":10}'
echo "  ... or let the store choose and lock in one step: allocate_utxos for 50 satoshis"
show allocate_utxos '{"target_satoshis":50,"reference":"demo-spend-3","basket":"default"}'
echo "  ... and for more than is left: insufficient_funds, nothing locked (exit 1)"
show allocate_utxos '{"target_satoshis":5000,"reference":"demo-spend-4","basket":"default"}' || true

step "4. The rows in PostgreSQL: indexed columns beside the JSONB record"
psql "$DATABASE_URL" -P pager=off -c "SELECT id, outpoint, satoshis, state, spendable, pending_reference,
  to_char(pending_since, 'HH24:MI:SS.US') AS pending_since FROM wallet_outputs
  WHERE outpoint LIKE '$txid.%' ORDER BY id"

step "5. The transaction was abandoned: release locks older than 0 seconds"
show release_stale_pending '{"timeout":0}'
show count_outputs '{"basket":"default"}'

# Bitcoin's genesis coinbase: a real transaction whose txid everyone knows.
gen_txid=4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b
gen_hex=01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000
psql "$DATABASE_URL" -qc "DELETE FROM wallet_broadcast_jobs WHERE txid = '$gen_txid'" \
  -c "DELETE FROM wallet_proofs WHERE txid = '$gen_txid'"
"$node" call delete_action "{\"txid\":\"$gen_txid\"}" --node "$NODE" >/dev/null
"$node" call delete_output "{\"outpoint\":\"$gen_txid.0\"}" --node "$NODE" >/dev/null

step "6. A wallet spends $txid.2: it records the action, locks the input, adds the change"
show store_action "{\"txid\":\"$gen_txid\",\"status\":\"sending\",\"description\":\"demo payment\"}"
show lock_utxos "{\"outpoints\":[\"$txid.2\"],\"reference\":\"demo-fund-1\"}"
"$node" call store_output "{\"outpoint\":\"$gen_txid.0\",\"satoshis\":50,\"basket\":\"default\"}" --node "$NODE" >/dev/null
show update_output_state "{\"outpoint\":\"$gen_txid.0\",\"state\":\"pending\",\"pending_reference\":\"demo-fund-1\"}"

if [ -n "${PRIMARY_PID:-}" ]; then
  step "7a. The primary ARC ($PRIMARY_URL) goes down"
  kill "$PRIMARY_PID" 2>/dev/null || true
  wait "$PRIMARY_PID" 2>/dev/null || true
  echo "(arc-sim $PRIMARY_URL stopped: connections to it are refused)"
fi

step "7. ... and enqueues the transaction: the call returns at once"
show enqueue "{\"txid\":\"$gen_txid\",\"beef_hex\":\"$gen_hex\",\"input_outpoints\":[\"$txid.2\"],\"change_outpoints\":[\"$gen_txid.0\"],\"fund_ref\":\"demo-fund-1\"}"

step "8. A broadcast worker claimed it, sent it to ARC (the primary refused the connection: on to the secondary, in the same attempt) and settled it"
for _ in $(seq 50); do
  status=$("$node" call broadcast_status "{\"txid\":\"$gen_txid\"}" --node "$NODE")
  [ "$status" = '"completed"' ] && break
  sleep 0.1
done
show broadcast_status "{\"txid\":\"$gen_txid\"}"
psql "$DATABASE_URL" -P pager=off -c "SELECT id, status, attempts, arc_endpoint, last_error,
  round(extract(epoch FROM updated_at - created_at) * 1000, 1) AS enqueue_to_settled_ms
  FROM wallet_broadcast_jobs WHERE txid = '$gen_txid'"
echo "The input is spent, the change spendable, the action unproven (waiting for a proof):"
psql "$DATABASE_URL" -P pager=off -c "SELECT outpoint, state, pending_reference FROM wallet_outputs
  WHERE outpoint IN ('$txid.2', '$gen_txid.0') ORDER BY outpoint"
show find_actions "{\"txid\":\"$gen_txid\"}"
if [ -n "${ARC_URL:-}" ]; then
  echo "What arc-sim received (GET $ARC_URL/v1/tx/$gen_txid):"
  arc=${ARC_URL#http://}
  exec 3<>"/dev/tcp/${arc%:*}/${arc##*:}"
  printf 'GET /v1/tx/%s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$gen_txid" "$arc" >&3
  tail -n 1 <&3
  echo
  exec 3<&-
fi

step "9. A block is found: arc-sim mines the transaction"
printf '$ curl -s -X POST %s/control/mine -d %s\n' "$ARC_URL" "'{\"txids\":[\"$gen_txid\"]}'"
curl -sS -X POST "$ARC_URL/control/mine" -d "{\"txids\":[\"$gen_txid\"]}"
echo
echo "The node's proof tracker asks the ARC that accepted it for the status, verifies the"
echo "merkle path (BUMP) against the txid, asks the header source whether the root it computes"
echo "is that block's, and only then stores the proof and completes the action:"
for _ in $(seq 100); do
  action=$("$node" call find_actions "{\"txid\":\"$gen_txid\"}" --node "$NODE")
  [[ "$action" == *'"completed"'* ]] && break
  sleep 0.1
done
show find_actions "{\"txid\":\"$gen_txid\"}"
show find_proof "{\"txid\":\"$gen_txid\"}"
psql "$DATABASE_URL" -P pager=off -c "SELECT proof_state, arc_status, block_height, proof_checks,
  round(extract(epoch FROM proven_at - accepted_at), 1) AS seconds_to_proof
  FROM wallet_broadcast_jobs WHERE txid = '$gen_txid'"
if [ -n "${HEADERS_URL:-}" ]; then
  height=$(psql "$DATABASE_URL" -tAc "SELECT block_height FROM wallet_broadcast_jobs WHERE txid = '$gen_txid'")
  echo "The header check: what the header source says of block $height ..."
  printf '$ curl -s %s/block/%s/header
' "$HEADERS_URL" "$height"
  curl -sS "$HEADERS_URL/block/$height/header"
  echo
  echo "... the header the node confirmed and remembered (one lookup serves the whole block):"
  psql "$DATABASE_URL" -P pager=off -c "SELECT height, merkle_root, block_hash FROM wallet_block_headers
    WHERE height = $height"
  if [ -n "${METRICS:-}" ]; then
    curl -fsS "http://$METRICS/metrics" | grep -E '^bsv_header_checks_total' || true
  fi
fi

step "10. What an operator sees: the queue, the node's metrics and health, its log"
printf '$ bsv-wallet-node jobs stats\n'
"$node" jobs stats
printf '$ bsv-wallet-node jobs show %s\n' "$gen_txid"
"$node" jobs show "$gen_txid"
if [ -n "${METRICS:-}" ] && curl -fsS "http://$METRICS/health" >/dev/null 2>&1; then
  printf '$ curl -s http://%s/metrics | grep -E "^bsv_(broadcast_(settled_total|jobs)|arc_endpoint_(state|answers_total))"\n' "$METRICS"
  curl -fsS "http://$METRICS/metrics" |
    grep -E '^bsv_(broadcast_(settled_total|jobs)|arc_endpoint_(state|answers_total))' | grep -v ' 0$' || true
  printf '$ curl -s http://%s/health\n' "$METRICS"
  curl -sS "http://$METRICS/health"
else
  echo "(no metrics endpoint on ${METRICS:-this node}: the port may be taken; the node runs on without it)"
fi
if [ -n "${NODE_LOG:-}" ] && [ -f "$NODE_LOG" ]; then
  printf '$ tail -n 2 %s\n' "$NODE_LOG"
  tail -n 2 "$NODE_LOG"
fi

printf '\nDone. Try more: %s call --help, %s jobs --help\n' "$node" "$node"
