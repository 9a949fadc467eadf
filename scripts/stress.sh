#!/usr/bin/env bash
# Runs test suites several times in a row to find flaky ones.
#   scripts/stress.sh N [--sanitize] [CTEST_REGEX]
# Builds once (as scripts/test.sh does, into build/ or, with --sanitize,
# build-asan/), then runs ctest N times (every test, or those matching
# CTEST_REGEX; ctest adds the PostgreSQL cluster fixture by itself). Each
# failed run's whole log is kept in BUILD_DIR/stress/run-K.log and its
# failing tests are printed; the last line says how many runs passed.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:?usage: scripts/stress.sh N [--sanitize] [CTEST_REGEX]}
shift
sanitize=""
if [ "${1:-}" = "--sanitize" ]; then
  sanitize="--sanitize"
  shift
  export BUILD_DIR=${BUILD_DIR:-build-asan}
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
pattern=${1:-}
build_dir=${BUILD_DIR:-build}

scripts/install-deps.sh
scripts/build.sh $sanitize
trap 'scripts/pg-cluster.sh destroy "$build_dir/test-pg" >/dev/null 2>&1 || true' EXIT
mkdir -p "$build_dir/stress"
passed=0
for run in $(seq 1 "$runs"); do
  log="$build_dir/stress/run-$run.log"
  start=$(date +%s)
  if (cd "$build_dir" && ctest --output-on-failure --timeout 900 ${pattern:+-R "$pattern"}) >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "stress: run $run passed in $(($(date +%s) - start)) s"
    rm -f "$log"
  else
    echo "stress: run $run FAILED in $(($(date +%s) - start)) s; log: $log"
    grep -E '^\s+[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Subprocess aborted|Exception)' "$log" || true
  fi
done
echo "stress: $passed of $runs runs passed${pattern:+ (tests matching '$pattern')}${sanitize:+ under ASan + UBSan}"
[ "$passed" -eq "$runs" ]
