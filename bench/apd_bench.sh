#!/usr/bin/env bash
# e-APD statistics benchmark, StatsService and SQLite side by side with PostgreSQL 15 in the
# same run: starts a throwaway PostgreSQL cluster on loopback (port 5434 by default, under /tmp,
# removed at the end), then runs apd_bench, which builds the 500,000-line database (kept in
# var/apd-bench between runs), copies it into PostgreSQL and runs the same cross-tabulations.
#
# Usage: bench/apd_bench.sh [runs, default 200] [sql runs, default 20]
# Needs: Debian postgresql-15 and libpq-dev at build time (CNCD_SETUP_BENCH=1 scripts/setup.sh);
# run as root (the cluster runs as the postgres user). Writes bench/apd_results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
sql_runs=${2:-20}
bench=${APD_BENCH_BIN:-build/release/bench/apd_bench}
port=${PG_PORT:-5434}
source bench/pg_cluster.sh

if [ ! -x "$pgbin/initdb" ]; then
  echo "apd_bench.sh: $pgbin/initdb is missing: apt-get install postgresql-15" >&2
  exit 1
fi
if [ ! -x "$bench" ]; then
  echo "apd_bench.sh: build it first: cmake --build --preset release --target apd_bench" >&2
  exit 1
fi

StartThrowawayCluster "$port" "-c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB -c effective_cache_size=4GB"

"$bench" --work var/apd-bench --runs "$runs" --sql-runs "$sql_runs" \
  --pg "host=127.0.0.1 port=$port user=postgres dbname=postgres" \
  --out bench/apd_results.md
