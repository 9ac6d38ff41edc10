#!/usr/bin/env bash
# HTTP benchmark: requests per second and p99 latency of three portal pages at 100
# connections, measured in the same run as nginx serving a static 2 KB file on loopback.
# Usage: bench/run.sh [seconds per run, default 10] [runs, default 3]. Writes bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
runs=${2:-3}
cncd=${CNCD_BIN:-build/release/src/cncd}
work=$(mktemp -d /tmp/cncd-bench.XXXXXX)
cncd_port=18080
nginx_port=18081
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The demo database, built once and kept between runs.
db=var/bench.db
if [ ! -f "$db" ]; then
  "$cncd" --db "$db" import reference
  "$cncd" --db "$db" seed-demo
fi

# nginx: a static 2 KB file.
mkdir -p "$work/www" "$work/logs"
head -c 2048 /dev/zero | tr '\0' 'x' > "$work/www/static.html"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"

"$cncd" --db "$db" serve --address 127.0.0.1 --port "$cncd_port" > "$work/cncd.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$cncd_port/healthz" >/dev/null && break; sleep 0.2; done

project=$(curl -sf "http://127.0.0.1:$cncd_port/api/v1/projects?per_page=1" | grep -o "/api/v1/projects/[0-9]*" | head -1 | grep -o "[0-9]*$")
# Project sheets drawn at random among all of them: most miss the response cache.
max_id=$(curl -sf "http://127.0.0.1:$cncd_port/api/v1/stats" | grep -o '"projects":[0-9]*' | grep -o '[0-9]*$')
cat > "$work/sheets.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/atlas/projets/" .. math.random(1, $max_id))
end
LUA
targets=(
  "nginx static 2 KB|http://127.0.0.1:$nginx_port/static.html"
  "home page|http://127.0.0.1:$cncd_port/"
  "country page (Sénégal)|http://127.0.0.1:$cncd_port/atlas/pays/sn"
  "project sheet|http://127.0.0.1:$cncd_port/atlas/projets/$project"
  "project sheets, random among all|http://127.0.0.1:$cncd_port/|$work/sheets.lua"
)

# wrk prints "Requests/sec: N" and, with --latency, "99% Xms|us|s".
measure() {
  local out rps p99
  local script=()
  [ -n "${2:-}" ] && script=(-s "$2")
  out=$(wrk -t2 -c100 -d"${duration}s" --latency "${script[@]}" "$1")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p99"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

declare -A rps_runs p99_runs
for _ in $(seq "$runs"); do
  for t in "${targets[@]}"; do
    IFS='|' read -r name url script <<<"$t"
    read -r rps p99 < <(measure "$url" "$script")
    rps_runs[$name]+="$rps "
    p99_runs[$name]+="$p99 "
  done
done

nginx_rps=$(tr ' ' '\n' <<<"${rps_runs[nginx static 2 KB]}" | grep . | median)
{
  echo "# HTTP benchmark"
  echo
  echo "$(date -u +%F), $(nproc) cores, wrk -t2 -c100 -d${duration}s, median of $runs runs, loopback;"
  echo "the portal serves the demo database (13,000 projects)."
  echo
  echo "| target | requests/s | p99 (ms) | ratio to nginx |"
  echo "|---|---:|---:|---:|"
  for t in "${targets[@]}"; do
    name=${t%%|*}
    rps=$(tr ' ' '\n' <<<"${rps_runs[$name]}" | grep . | median)
    p99=$(tr ' ' '\n' <<<"${p99_runs[$name]}" | grep . | median)
    printf '| %s | %.0f | %.2f | %.2f |\n' "$name" "$rps" "$p99" "$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN {print a/b}')"
  done
} > bench/results.md
cat bench/results.md
