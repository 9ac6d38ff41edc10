# Sourced by the benchmarks that compare with PostgreSQL 15: StartThrowawayCluster PORT SETTINGS
# starts a cluster on loopback under /tmp (durability off for loading, as a throwaway may be;
# JIT off, as usual for short interactive queries) with the extra `-c` SETTINGS, and removes it
# when the script exits. Run as root: the cluster runs as the postgres user.
pgbin=/usr/lib/postgresql/15/bin

StartThrowawayCluster() {
  local port=$1 settings=$2
  cluster=$(mktemp -d /tmp/cncd-pg.XXXXXX)
  chown postgres "$cluster"
  trap StopThrowawayCluster EXIT
  runuser -u postgres -- "$pgbin/initdb" -D "$cluster/data" -U postgres -A trust --no-sync \
    -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w -o \
    "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
     -c full_page_writes=off -c jit=off $settings" start >/dev/null
}

StopThrowawayCluster() {
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$cluster/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
