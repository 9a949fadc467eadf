#!/usr/bin/env bash
# The README's test command: install what is missing, build everything, run
# every test with ctest against a throwaway PostgreSQL cluster that ctest
# starts and removes (fixtures pg_cluster_start / pg_cluster_stop).
#   scripts/test.sh [--sanitize]     (--sanitize: AddressSanitizer + UBSan, in build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize=""
if [ "${1:-}" = "--sanitize" ]; then
  sanitize="--sanitize"
  export BUILD_DIR=${BUILD_DIR:-build-asan}
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
build_dir=${BUILD_DIR:-build}

scripts/install-deps.sh
scripts/build.sh $sanitize
# Whatever happens, leave no server running.
trap 'scripts/pg-cluster.sh destroy "$build_dir/test-pg" >/dev/null 2>&1 || true' EXIT
cd "$build_dir"
ctest --output-on-failure --timeout 600
