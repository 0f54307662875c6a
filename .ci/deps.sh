#!/usr/bin/env bash
# Installs the Debian packages tlsanalyze needs to build and test, if missing.
# Safe to run again: it does nothing when everything is present. Needs root
# (or sudo) only when something has to be installed.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config      # toolchain (present on the CI image, listed for new machines)
  libpcap-dev libfmt-dev libcli11-dev nlohmann-json3-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  openssl iproute2 util-linux           # tests start openssl s_server in a private network namespace
  tcpdump                               # live-capture test cross-checks against tcpdump
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
