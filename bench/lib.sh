# Helpers for the benchmark scripts: free ports, JVMs from the built jars, the catalog through the API, wrk
# parsing. Sourced, never run. Everything listens on 127.0.0.1 and stops with the script.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CP="$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
KEY=bench-admin-key
PIDS=()
WORK=$(mktemp -d)
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Builds the jars when they are missing.
ensure_built() {
  [ -f "$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar" ] && [ -f "$ROOT/launcher/target/tracker.jar" ] \
    || (cd "$ROOT" && mvn -B -q -DskipTests package)
}

# Installs Debian packages the benchmarks use when they are missing.
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}

# profiler FILE : JVM options that profile the JVM into FILE (async-profiler, CPU time, collapsed stacks per
# thread); the profiler comes from Maven Central on first use. Prints nothing when it cannot be had.
profiler() {
  local jar=$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1-linux-x64.jar dir=$WORK/profiler
  [ -f "$jar" ] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1:jar:linux-x64 >/dev/null 2>&1 \
    || return 0
  mkdir -p "$dir" && unzip -o -q "$jar" -d "$dir" \
    && echo "-agentpath:$dir/linux-x64/libasyncProfiler.so=start,event=cpu,interval=10ms,threads,collapsed,file=$1"
}

# java_bg NAME MAIN-CLASS "JVM OPTS" [ARGS...] : a JVM in the background, log in $WORK/NAME.log, pid in NAME_PID
java_bg() {
  local name=$1 main=$2 opts=$3; shift 3
  # shellcheck disable=SC2086 # the options are words on purpose
  java $opts -cp "$CP" "$main" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  printf -v "${name}_PID" '%s' "$!"
}

wait_http() { # wait_http URL SECONDS
  for _ in $(seq 1 $(($2 * 5))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "not ready: $1" >&2; tail -30 "$WORK"/*.log >&2 2>/dev/null; return 1
}
wait_log() { # wait_log FILE TEXT SECONDS
  for _ in $(seq 1 $(($3 * 5))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "no '$2' in $1" >&2; tail -20 "$1" >&2; return 1
}

api() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
json_id() { python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])'; }

# make_catalog API-URL : an offer with two affiliates (load, probes); sets AFF CRE PROBE_AFF PROBE_CRE
make_catalog() {
  local a=$1 adv offer
  adv=$(api -d '{"name":"Bench Advertiser"}' "$a/api/advertisers" | json_id)
  offer=$(api -d "{\"advertiserId\":$adv,\"name\":\"Bench Offer\",\"landingPageUrl\":\"https://shop.example.com/landing?aff=#affid#&sub={sub1}&click=#reqid#\",\"payout\":1,\"revenue\":2}" "$a/api/offers" | json_id)
  AFF=$(api -d '{"name":"Load"}' "$a/api/affiliates" | json_id)
  PROBE_AFF=$(api -d '{"name":"Probes"}' "$a/api/affiliates" | json_id)
  api -d "{\"affiliateId\":$AFF,\"offerId\":$offer}" "$a/api/campaigns" >/dev/null
  api -d "{\"affiliateId\":$PROBE_AFF,\"offerId\":$offer}" "$a/api/campaigns" >/dev/null
  CRE=$(api -d "{\"offerId\":$offer,\"name\":\"Banner\"}" "$a/api/creatives" | json_id)
  PROBE_CRE=$CRE
  sleep 1.5 # a catalog change is live at the edge within 1 s
}

# total_clicks API-URL AFFILIATE
total_clicks() {
  local from to
  from=$(date -u -d '-2 hour' +%Y-%m-%dT%H:00:00Z); to=$(date -u -d '+3 hour' +%Y-%m-%dT%H:00:00Z)
  api "$1/api/reports/clicks?groupBy=affiliate&affiliateId=$2&from=$from&to=$to" \
    | python3 -c 'import sys,json; r=json.load(sys.stdin)["rows"]; print(r[0]["totalClicks"] if r else 0)' 2>/dev/null
}

# start_nginx : nginx answering `return 302` to the same landing URL on a loopback port; sets NGINX_PORT
start_nginx() {
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/nginx/logs"
  cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { return 302 "https://shop.example.com/landing?aff=1&sub=news&click=AAAAAAAAAAAAAAAAAAAAAAAA"; }
  }
}
CONF
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$NGINX_PORT/" 10 || true
}

# run_wrk NAME URL CONNECTIONS SECONDS : one wrk run; prints "requests rps p50_ms p99_ms" and keeps the raw output
run_wrk() {
  wrk -t2 -c"$3" -d"$4"s --latency "$2" >"$WORK/wrk-$1.txt" 2>&1
  python3 - "$WORK/wrk-$1.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    found = re.match(r'([\d.]+)(us|ms|s|m)$', v)
    if not found:
        return float('nan')
    n, u = found.groups()
    return float(n) * {'us': 0.001, 'ms': 1, 's': 1000, 'm': 60000}[u]
requests = int(re.search(r'(\d+) requests in', text).group(1))
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
p50 = ms(re.search(r'^\s+50%\s+(\S+)', text, re.M).group(1))
p99 = ms(re.search(r'^\s+99%\s+(\S+)', text, re.M).group(1))
errors = re.search(r'Socket errors: (.*)', text)
print(requests, rps, p50, p99, (errors.group(1).replace(' ', '') if errors else 'none'))
PY
}

# memory PID : "rss_mb heap_used_mb"
memory() {
  local rss heap
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status")
  heap=$(jcmd "$1" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' || echo 0)
  echo "$rss $((heap / 1024))"
}
