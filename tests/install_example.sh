#!/usr/bin/env bash
# Installs the project into a temporary prefix, builds examples/embedded_node
# against it twice (find_package, then pkg-config) and runs both against a
# fresh migrated database of the test cluster.
#   tests/install_example.sh BUILD_DIR SOURCE_DIR CONNINFO_FILE [SANITIZERS]
set -euo pipefail
build=$1 source=$2 conninfo=$(cat "$3") sanitize=${4:-}
work=$(mktemp -d /tmp/bsv-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
flags=""
[ -n "$sanitize" ] && flags="-fsanitize=$sanitize"

cmake --install "$build" --prefix "$work/prefix" >/dev/null
db="example_$$"
psql "$conninfo dbname=postgres" -qc "CREATE DATABASE $db"
url="$conninfo dbname=$db"
"$work/prefix/bin/bsv-wallet-node" migrate --database-url "$url" >/dev/null

cmake -S "$source/examples/embedded_node" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
echo "find_package build: $("$work/cmake-build/embedded_node" "$url")"

export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
g++ $flags -o "$work/embedded_node_pc" "$source/examples/embedded_node/main.cpp" $(pkg-config --cflags --libs bsv-wallet)
echo "pkg-config build:   $("$work/embedded_node_pc" "$url")"
psql "$conninfo dbname=postgres" -qc "DROP DATABASE $db"
