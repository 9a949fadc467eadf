# Sourced by scripts that run services in the background.
#
#   start_node ARGS...     starts `build/bin/bsv-wallet-node serve ARGS...`;
#                          sets NODE_PID and NODE_ADDRESS (HOST:PORT)
#   start_arc_sim ARGS...  starts `build/bin/arc-sim --listen 127.0.0.1:0 ARGS...`;
#                          sets ARC_PID and ARC_URL (http://HOST:PORT)
# Each waits (at most 10 s) for the service's `ready listen=HOST:PORT` line
# and exits 3 if it stops or does not become ready, printing the last lines
# of READY_LOG (when the caller set it to the file the service logs to).

show_log() {
  [ -n "${READY_LOG:-}" ] && [ -f "$READY_LOG" ] || return 0
  echo "-- the last lines of $READY_LOG:" >&2
  tail -n 15 "$READY_LOG" >&2
}

# start_ready NAME COMMAND...: sets READY_PID and READY_ADDRESS.
start_ready() {
  local name=$1 out
  shift
  out=$(mktemp)
  "$@" >"$out" &
  READY_PID=$!
  for _ in $(seq 100); do
    grep -q '^ready listen=' "$out" && break
    kill -0 "$READY_PID" 2>/dev/null || { echo "$name did not start" >&2; show_log; rm -f "$out"; exit 3; }
    sleep 0.1
  done
  READY_ADDRESS=$(sed -n 's/^ready listen=//p' "$out")
  rm -f "$out"
  [ -n "$READY_ADDRESS" ] || { echo "$name did not become ready" >&2; show_log; exit 3; }
}

start_node() {
  start_ready "the node" build/bin/bsv-wallet-node serve "$@"
  NODE_PID=$READY_PID
  NODE_ADDRESS=$READY_ADDRESS
}

start_arc_sim() {
  start_ready arc-sim build/bin/arc-sim --listen 127.0.0.1:0 "$@"
  ARC_PID=$READY_PID
  ARC_URL="http://$READY_ADDRESS"
}
