#!/usr/bin/env bash
# The format check and clang-tidy (.clang-tidy) over the product's sources.
#   scripts/lint.sh            check; exits non-zero on a finding
#   scripts/lint.sh --fix      reformat the files in place (clang-tidy still only reports)
# Needs a configured build/ (scripts/build.sh) for compile_commands.json.
# The tests are formatted but not run through clang-tidy: on 2 cores that
# would double the time (about 9 minutes for the whole tree).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--fix" ]; then
  git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
  exit 0
fi

echo "lint: clang-format"
if ! git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror; then
  echo "lint: files above are not formatted; run scripts/lint.sh --fix" >&2
  exit 1
fi

echo "lint: clang-tidy"
[ -f build/compile_commands.json ] || { echo "lint: run scripts/build.sh first" >&2; exit 2; }
product='/(actors|arc_sim|arc|bench|chain|common|config|db|http|messages|metrics|node|store|testing)/[^/]*\.cpp$'
run-clang-tidy -p build -j "$(nproc)" -quiet "$product" > build/clang-tidy.log 2>&1 || true
if grep -E '(warning|error):' build/clang-tidy.log; then
  echo "lint: clang-tidy findings above (whole log: build/clang-tidy.log)" >&2
  exit 1
fi
echo "lint: clean"
