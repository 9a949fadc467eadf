# Sourced by scripts that run a node in the background.
#
#   start_node ARGS...   starts `build/bin/bsv-wallet-node serve ARGS...`,
#                        waits (at most 10 s) for its ready line and sets
#                        NODE_PID and NODE_ADDRESS (HOST:PORT); exits 3 if
#                        the node stops or does not become ready.
start_node() {
  local out
  out=$(mktemp)
  build/bin/bsv-wallet-node serve "$@" >"$out" &
  NODE_PID=$!
  for _ in $(seq 100); do
    grep -q '^ready listen=' "$out" && break
    kill -0 "$NODE_PID" 2>/dev/null || { echo "the node did not start" >&2; rm -f "$out"; exit 3; }
    sleep 0.1
  done
  NODE_ADDRESS=$(sed -n 's/^ready listen=//p' "$out")
  rm -f "$out"
  [ -n "$NODE_ADDRESS" ] || { echo "the node did not become ready" >&2; exit 3; }
}

#   start_arc_sim ARGS...  starts `build/bin/arc-sim --listen 127.0.0.1:0 ARGS...`,
#                          waits for its ready line and sets ARC_PID and
#                          ARC_URL (http://HOST:PORT); exits 3 on failure.
start_arc_sim() {
  local out
  out=$(mktemp)
  build/bin/arc-sim --listen 127.0.0.1:0 "$@" >"$out" &
  ARC_PID=$!
  for _ in $(seq 100); do
    grep -q '^ready listen=' "$out" && break
    kill -0 "$ARC_PID" 2>/dev/null || { echo "arc-sim did not start" >&2; rm -f "$out"; exit 3; }
    sleep 0.1
  done
  ARC_URL="http://$(sed -n 's/^ready listen=//p' "$out")"
  rm -f "$out"
  [ "$ARC_URL" != "http://" ] || { echo "arc-sim did not become ready" >&2; exit 3; }
}
