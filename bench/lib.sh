# Helpers for the benchmark scripts: free ports, JVMs from the built jars, the catalog through the API, wrk
# parsing. Sourced, never run. Everything listens on 127.0.0.1 and stops with the script.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CP="$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
# the JVM options the tracker's processes run with (see jvm.options)
TRACKER_JVM="@$ROOT/jvm.options"
KEY=bench-admin-key
INTERNAL_KEY=bench-internal-key
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
  local library; library=$(profiler_library) || return 0
  echo "-agentpath:$library=start,event=cpu,interval=10ms,threads,collapsed,file=$1"
}

# profiler_library : the path of async-profiler's agent, fetched on first use
profiler_library() {
  local jar=$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1-linux-x64.jar dir=$WORK/profiler
  [ -f "$jar" ] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1:jar:linux-x64 >/dev/null 2>&1 \
    || return 1
  [ -f "$dir/linux-x64/libasyncProfiler.so" ] || { mkdir -p "$dir" && unzip -o -q "$jar" -d "$dir"; }
  echo "$dir/linux-x64/libasyncProfiler.so"
}

# profile_start PID / profile_stop PID FILE : profiles a running JVM over a stretch of a benchmark only (the
# warm-up's JIT work left out), into FILE as collapsed stacks per thread. Start that JVM with
# $(profiled_jvm_options): a profiler attached later places a sample in compiled code at the nearest safepoint's
# method unless the JIT recorded every inlined method's code
profiled_jvm_options() {
  [ -z "${BENCH_PROFILE:-}" ] || echo "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
}
profile_start() {
  local library; library=$(profiler_library) || return 1
  # the options quoted once more: jcmd would split them at the commas
  jcmd "$1" JVMTI.agent_load "$library" "\"start,event=cpu,interval=10ms,threads\"" >/dev/null
}
profile_stop() {
  jcmd "$1" JVMTI.agent_load "$(profiler_library)" "\"stop,collapsed,file=$2\"" >/dev/null
}

# java_bg NAME MAIN-CLASS "JVM OPTS" [ARGS...] : a JVM in the background, log in $WORK/NAME.log, pid in NAME_PID
java_bg() {
  local name=$1 main=$2 opts=$3; shift 3
  # shellcheck disable=SC2086 # the options are words on purpose
  java $opts -cp "$CP" "$main" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  printf -v "${name}_PID" '%s' "$!"
}

cpu_ticks() { # cpu_ticks PID : the CPU a process has used so far (user and system), in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

wait_http() { # wait_http URL SECONDS
  for _ in $(seq 1 $(($2 * 5))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "not ready: $1" >&2; tail -30 "$WORK"/*.log >&2 2>/dev/null; return 1
}
wait_log() { # wait_log FILE TEXT SECONDS [PID] : also gives up as soon as process PID has ended
  for _ in $(seq 1 $(($3 * 5))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    [ -z "${4:-}" ] || kill -0 "$4" 2>/dev/null || break
    sleep 0.2
  done
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

# counted_clicks API-URL AFFILIATE... : the clicks the click report holds for these affiliates (0 while it cannot say)
counted_clicks() {
  local api=$1 affiliate n=0; shift
  for affiliate in "$@"; do n=$((n + $(total_clicks "$api" "$affiliate" || echo 0))); done
  echo "$n"
}

# await_counted CLICKS SECONDS POLL API-URL AFFILIATE... : until the click report counts that many clicks for these
# affiliates (asked every POLL seconds), or at most SECONDS
await_counted() {
  local clicks=$1 deadline=$((SECONDS + $2)) poll=$3; shift 3
  until [ "$(counted_clicks "$@")" -ge "$clicks" ] || [ "$SECONDS" -ge "$deadline" ]; do sleep "$poll"; done
}

# answered_clicks METRICS-URL : the 302s the edge answered (its own counter). wrk's count leaves out the requests
# still in flight when a run ends, which the edge answered and recorded all the same.
answered_clicks() {
  api "$1" | awk '/^edge_requests_total/ && /status="302"/ { n += $NF } END { printf "%d\n", n }'
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

# The Host header wrk sends: a tracking domain, as a consumer's browser sends it. (Undertow checks a Host that is
# an IP literal, such as 127.0.0.1:port, with a regular expression per request: a cost of the loopback setup
# that real traffic never pays.)
HOST_HEADER="Host: ${BENCH_HOST:-track.example.com}"

# run_wrk NAME URL CONNECTIONS SECONDS : one wrk run; prints "requests rps p50_ms p99_ms" and keeps the raw output
run_wrk() {
  wrk -t2 -c"$3" -d"$4"s --latency -H "$HOST_HEADER" "$2" >"$WORK/wrk-$1.txt" 2>&1
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

# load_average : the machine's load over the last 1, 5 and 15 minutes ("1.02/0.87/0.60")
load_average() { awk '{ print $1 "/" $2 "/" $3 }' /proc/loadavg; }

# current_memory PID : "rss_mb rss_anon_mb rss_file_mb" (anonymous: heap, direct buffers, native; file: mappings
# such as the edge's journal)
current_memory() {
  awk '/^VmRSS/ { r = $2 } /^RssAnon/ { a = $2 } /^RssFile/ { f = $2 } END { print int(r / 1024), int(a / 1024), int(f / 1024) }' \
    "/proc/$1/status"
}

# watch_memory PID FILE / stop_watching_memory / peak_memory FILE : samples the RSS every half second while a
# run lasts, then "rss_mb rss_anon_mb rss_file_mb" at the sample with the highest RSS
watch_memory() {
  ( while kill -0 "$1" 2>/dev/null; do current_memory "$1" >>"$2"; sleep 0.5; done ) &
  WATCHER_PID=$!
}
stop_watching_memory() { kill "$WATCHER_PID" 2>/dev/null; wait "$WATCHER_PID" 2>/dev/null || true; }
peak_memory() { sort -n -r "$1" | head -1; }

# heap_memory PID : "used_mb committed_mb young_collections young_collection_seconds" of the JVM's heap (jstat's
# columns are named, so this holds for every collector)
heap_memory() {
  jstat -gc "$1" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; committed = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]
      print int(used / 1024), int(committed / 1024), $col["YGC"], $col["YGCT"] }'
}
