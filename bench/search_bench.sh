#!/usr/bin/env bash
# Search benchmark, SQLite side by side with PostgreSQL 15 in the same run: starts a throwaway
# PostgreSQL cluster on loopback (port 5433 by default, under /tmp, removed at the end), then
# runs search_bench, which builds the 13k/130k/1.3M-project databases (kept in var/search-bench
# between runs), loads the same data into PostgreSQL and runs the same queries on both.
#
# Usage: bench/search_bench.sh [sizes, default 1,10,100] [runs, default 200]
# Needs: Debian postgresql-15 and postgresql-contrib (unaccent), libpq-dev at build time;
# run as root (the cluster runs as the postgres user). Writes bench/search_results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-1,10,100}
runs=${2:-200}
bench=${SEARCH_BENCH_BIN:-build/release/bench/search_bench}
port=${PG_PORT:-5433}
source bench/pg_cluster.sh

for tool in "$pgbin/initdb" "$pgbin/pg_ctl" /usr/share/postgresql/15/extension/unaccent.control; do
  if [ ! -e "$tool" ]; then
    echo "search_bench.sh: $tool is missing: apt-get install postgresql-15 postgresql-contrib" >&2
    exit 1
  fi
done
if [ ! -x "$bench" ]; then
  echo "search_bench.sh: build it first: cmake --build --preset release --target search_bench" >&2
  exit 1
fi

# Memory sized for 1.3M documents.
StartThrowawayCluster "$port" "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB -c effective_cache_size=8GB -c max_wal_size=8GB"

"$bench" --work var/search-bench --sizes "$sizes" --runs "$runs" \
  --pg "host=127.0.0.1 port=$port user=postgres dbname=postgres" \
  --out bench/search_results.md
