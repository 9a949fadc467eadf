#!/usr/bin/env bash
# Checks the deploy files on a machine with neither a Docker engine nor a
# running systemd (CI runs it through ctest):
#   - the systemd unit: `systemd-analyze verify`, where any complaint fails;
#   - the Dockerfile: known instructions only, `COPY --from` names a stage
#     defined above it, every COPY source exists in the repository, and every
#     package it installs exists in this Debian's archive;
#   - every folder CMakeLists.txt builds from is copied into the build stage;
#   - the image's default command line (ENTRYPOINT + CMD) is accepted by the
#     binary: `serve --check-config` with it, the secrets it names made with
#     openssl at the same names under a temporary root;
#   - compose.yaml parses and its services name images or builds.
#   deploy/check.sh NODE_BINARY
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
node_binary="${1:?usage: deploy/check.sh NODE_BINARY}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "deploy/check: $*" >&2; exit 1; }

# The unit as installed would be, pointing at the binary just built.
sed "s|/usr/local/bin/bsv-wallet-node|$node_binary|" "$here/bsv-wallet-node.service" \
  > "$work/bsv-wallet-node.service"
complaints="$(systemd-analyze verify "$work/bsv-wallet-node.service" 2>&1 || true)"
# EnvironmentFile and the user exist only on a deployed machine.
complaints="$(grep -v -e 'EnvironmentFile' -e "user 'bsv-wallet'" <<<"$complaints" || true)"
[ -z "$complaints" ] || fail "systemd-analyze verify: $complaints"
echo "deploy/check: systemd unit verified"

grep -Eq '^u bsv-wallet ' "$here/bsv-wallet-node.sysusers" || fail "sysusers: no bsv-wallet user"
grep -q '^User=bsv-wallet$' "$here/bsv-wallet-node.service" || fail "unit: not run as bsv-wallet"

python3 - "$here/Dockerfile" "$root" <<'PY'
import re, subprocess, sys
path, root = sys.argv[1], sys.argv[2]
known = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
         "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}
text = open(path).read()
# Join continued lines, drop comments and blank lines.
lines, current = [], ""
for raw in text.splitlines():
    if not current and (not raw.strip() or raw.lstrip().startswith("#")):
        continue
    current += raw.rstrip("\\").rstrip() + " " if raw.rstrip().endswith("\\") else raw
    if not raw.rstrip().endswith("\\"):
        lines.append(current.strip())
        current = ""
stages, packages, errors = [], [], []
user = None
for line in lines:
    word = line.split()[0]
    if word not in known:
        errors.append("unknown instruction: " + word)
    if word == "FROM":
        m = re.match(r"FROM\s+(\S+)(?:\s+AS\s+(\S+))?$", line, re.I)
        if not m: errors.append("bad FROM: " + line)
        elif not m.group(1).startswith("debian:12"): errors.append("not a Debian 12 image: " + line)
        else: stages.append(m.group(2))
        user = None
    if word == "USER":
        user = line.split()[1]
    if word == "COPY":
        args = line.split()[1:]
        source_from = [a for a in args if a.startswith("--from=")]
        files = [a for a in args if not a.startswith("--")]
        if source_from:
            if source_from[0][7:] not in stages[:-1]:
                errors.append("COPY --from names no earlier stage: " + line)
        else:
            import os
            for src in files[:-1]:
                if not os.path.exists(os.path.join(root, src)):
                    errors.append("COPY source missing in the repository: " + src)
    if word == "RUN":
        for m in re.finditer(r"apt-get install ([^&;]*)", line):
            packages += [p for p in m.group(1).split() if not p.startswith("-")]
if user in (None, "root", "0"):
    errors.append("the final stage does not switch to an unprivileged USER")
for package in packages:
    if subprocess.run(["apt-cache", "show", package], capture_output=True).returncode != 0:
        errors.append("package not in this Debian's archive: " + package)
if errors:
    sys.exit("deploy/check: Dockerfile: " + "; ".join(errors))
print("deploy/check: Dockerfile checked (%d stages, %d packages)" % (len(stages), len(packages)))
PY

# Every top-level folder whose files CMakeLists.txt compiles is copied in.
for folder in $(grep -oE '(^|[ (])[a-z_]+/[a-z_/]+\.cpp' "$root/CMakeLists.txt" |
                sed -E 's|^[ (]||; s|/.*||' | sort -u); do
  grep -q "^COPY $folder $folder\$" "$here/Dockerfile" ||
    fail "Dockerfile: the build needs $folder/, which is not copied"
done
echo "deploy/check: the Dockerfile copies every folder the build compiles"

# The default command line, run against the binary with its secrets in place.
mapfile -t command < <(python3 - "$here/Dockerfile" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
entry = json.loads(re.search(r'^ENTRYPOINT (\[.*\])$', text, re.M).group(1))
cmd = json.loads(re.search(r'^CMD (\[.*\])$', text, re.M).group(1))
print("\n".join(entry + cmd))
PY
)
secrets="$work/secrets"
mkdir -p "$secrets/run/secrets/bsv-wallet-node" "$secrets/etc/bsv-wallet-node"
cp "$here/node.example.json" "$secrets/etc/bsv-wallet-node/node.json"
tls="$secrets/run/secrets/bsv-wallet-node"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=ca -keyout "$tls/ca.key" \
  -out "$tls/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=node -keyout "$tls/node.key" -out "$work/node.csr" \
  2>/dev/null
openssl x509 -req -in "$work/node.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
  -days 1 -out "$tls/node.pem" 2>/dev/null
args=()
for word in "${command[@]:1}"; do
  case "$word" in /run/*|/etc/*) args+=("$secrets$word") ;; *) args+=("$word") ;; esac
done
DATABASE_URL="host=/nowhere dbname=wallet" ARC_URL="https://arc.example" \
  "$node_binary" "${args[@]}" --check-config >"$work/check.out" 2>&1 ||
  fail "the image's command line is refused: $(cat "$work/check.out")"
echo "deploy/check: the image's command line is accepted ($(cat "$work/check.out"))"

python3 - "$here/compose.yaml" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
services = doc.get("services") or {}
if not services: sys.exit("deploy/check: compose.yaml: no services")
for name, service in services.items():
    if "image" not in service and "build" not in service:
        sys.exit("deploy/check: compose.yaml: service %s has neither image nor build" % name)
print("deploy/check: compose.yaml parsed (%d services)" % len(services))
PY
