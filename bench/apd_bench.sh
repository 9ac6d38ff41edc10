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
pgbin=/usr/lib/postgresql/15/bin

if [ ! -x "$pgbin/initdb" ]; then
  echo "apd_bench.sh: $pgbin/initdb is missing: apt-get install postgresql-15" >&2
  exit 1
fi
if [ ! -x "$bench" ]; then
  echo "apd_bench.sh: build it first: cmake --build --preset release --target apd_bench" >&2
  exit 1
fi

cluster=$(mktemp -d /tmp/cncd-pg.XXXXXX)
chown postgres "$cluster"
as_postgres() { runuser -u postgres -- "$@"; }
stop() {
  as_postgres "$pgbin/pg_ctl" -D "$cluster/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop EXIT

as_postgres "$pgbin/initdb" -D "$cluster/data" -U postgres -A trust --no-sync -E UTF8 \
  --locale=C.UTF-8 >/dev/null
# A throwaway cluster: durability off for loading, JIT off (short interactive queries).
as_postgres "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w -o \
  "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
   -c full_page_writes=off -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB \
   -c effective_cache_size=4GB -c jit=off" start >/dev/null

"$bench" --work var/apd-bench --runs "$runs" --sql-runs "$sql_runs" \
  --pg "host=127.0.0.1 port=$port user=postgres dbname=postgres" \
  --out bench/apd_results.md
