#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs, only when some are missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ccache
  libpqxx-dev libpq-dev nlohmann-json3-dev libboost-dev libssl-dev libcaf-dev libgtest-dev
  postgresql-15 postgresql-client-15 postgresql-contrib
  systemd python3-yaml curl openssl clang libclang-rt-14-dev clang-format clang-tidy
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
