#!/usr/bin/env bash
# Installs what cncd needs on Debian 12, idempotently: Debian packages, then the pinned
# npm packages (package-lock.json). Run as root; does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and runtime libraries, test and benchmark tools.
packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost-dev libboost-system-dev libsqlite3-dev libstemmer-dev nlohmann-json3-dev
  libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libkainjow-mustache-dev libxlsxwriter-dev
  zlib1g-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcairo2-dev libpango1.0-dev fonts-liberation2 fonts-dejavu-core poppler-utils
  libxml2-dev libxml2-utils
  libcurl4-openssl-dev python3-aiosmtpd
  chromium nginx-light wrk curl ca-certificates
)

# The search benchmark's PostgreSQL side (bench/search_bench.sh), only on request:
# CNCD_SETUP_BENCH=1 scripts/setup.sh. Tests never need it.
if [ "${CNCD_SETUP_BENCH:-0}" = 1 ]; then
  packages+=(postgresql-15 postgresql-contrib libpq-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ! command -v npm >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm
fi

# Front-end and reference-data packages, exactly as locked.
if [ -f package-lock.json ]; then
  stamp=node_modules/.cncd-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
fi
