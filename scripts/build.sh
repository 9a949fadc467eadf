#!/usr/bin/env bash
# Configures and builds into BUILD_DIR (default build/).
#   scripts/build.sh [--sanitize] [--target NAME]   (default: every target, tests included)
# With CI=true warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build}
sanitize=""
target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) sanitize="address,undefined" ;;
    --target) target="$2"; shift ;;
    *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
# ccache: key on paths relative to the checkout, so every clone shares the cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
# Warnings become errors with CI=true; otherwise the build directory keeps
# its setting (switching it would rebuild everything).
werror=()
[ "${CI:-}" = "true" ] && werror=(-DBSV_WERROR=ON)

cmake -S . -B "$build_dir" "${werror[@]}" -DBSV_SANITIZE="$sanitize" >/dev/null
cmake --build "$build_dir" -j "$(nproc)" ${target:+--target "$target"}
