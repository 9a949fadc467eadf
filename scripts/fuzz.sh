#!/usr/bin/env bash
# Runs every libFuzzer target in fuzz/ for a bounded time (default 60 s
# each) from its committed seed corpus, after replaying fuzz/regressions/
# (inputs that once crashed a target, kept so that they never do again).
# Builds with clang in build-fuzz/ (AddressSanitizer + UBSan).
#   scripts/fuzz.sh [SECONDS_PER_TARGET]
# Prints, per target, the runs made and the corpus grown; exits 1 on the
# first crash, leaving the crashing input in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/install-deps.sh
cmake -S fuzz -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
mkdir -p build-fuzz/artifacts
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
total_runs=0
for target in record_json query transaction arc_response cli http_request; do
  binary=build-fuzz/fuzz_$target
  if [ -d "fuzz/regressions/$target" ] && [ -n "$(ls -A "fuzz/regressions/$target")" ]; then
    "$binary" -runs=0 "fuzz/regressions/$target" 2>/dev/null
  fi
  work=build-fuzz/corpus/$target
  mkdir -p "$work"
  log=build-fuzz/$target.log
  if ! "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix=build-fuzz/artifacts/"$target"- "$work" "fuzz/corpus/$target" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target crashed; the input is in build-fuzz/artifacts/ (add it to fuzz/regressions/$target and fix)" >&2
    exit 1
  fi
  runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || echo 0)
  total_runs=$((total_runs + runs))
  echo "fuzz: $target: $runs runs in ${seconds} s, 0 crashes, corpus $(ls "$work" | wc -l) inputs"
done
echo "fuzz: $total_runs runs in all, 0 crashes"
