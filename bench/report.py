"""Turns bench/results into docs/performance.md and docs/performance-chart.png; prints the targets missed."""
import collections
import csv
import os
import re
import subprocess
import sys

results, out = sys.argv[1], sys.argv[2]
docs = os.path.dirname(out)


def lines(name):
    path = os.path.join(results, name)
    return open(path).read().splitlines() if os.path.exists(path) else []


def fields(line):
    return {k: v for k, v in re.findall(r'(\w+)=(\S+)', line)}


def edge(mode):
    text = lines(f'edge-{mode}.txt')
    rounds = [fields(l) for l in text if l.startswith('round_')]
    sweep = [fields(l) for l in text if l.startswith('sweep ')]
    single = {l.split()[0]: fields(l) for l in text if not l.startswith(('round_', 'sweep '))}
    return rounds, sweep, single


def mean(values):
    values = [float(v) for v in values]
    return sum(values) / len(values) if values else float('nan')


def events_per_second(name):
    text = '\n'.join(lines(name))
    found = re.findall(r'([\d][\d,]*(?:\.\d+)?)\s*events/s', text) or re.findall(r'clicks_per_second=(\d+)', text)
    return float(found[-1].replace(',', '')) if found else float('nan')


misses, rows, chart_rows = [], [], []
for mode in ('all-in-one', 'separate'):
    rounds, sweep, single = edge(mode)
    if not rounds:
        continue
    e_rps, n_rps = mean(r['edge_rps'] for r in rounds), mean(r['nginx_rps'] for r in rounds)
    e_p50, e_p99 = mean(r['edge_p50_ms'] for r in rounds), mean(r['edge_p99_ms'] for r in rounds)
    n_p50, n_p99 = mean(r['nginx_p50_ms'] for r in rounds), mean(r['nginx_p99_ms'] for r in rounds)
    clicks = single.get('clicks', {})
    memory = single.get('memory_after_load', {})
    rows.append((mode, e_rps, n_rps, e_rps / n_rps, e_p50, e_p99, n_p50, n_p99, clicks, memory))
    if e_rps < 0.7 * n_rps:
        misses.append(f'edge ({mode}) at {e_rps / n_rps:.2f} x nginx, target 0.7 x')
    if e_p99 > 5:
        misses.append(f'edge ({mode}) p99 {e_p99:.2f} ms at 64 connections, target 5 ms')
    if clicks.get('lost') != '0':
        misses.append(f'edge ({mode}) clicks not all in the report: {clicks}')
    for s in sweep:
        chart_rows.append((mode, int(s['connections']), float(s['edge_rps']), float(s['edge_p99_ms']),
                           float(s['nginx_rps']), float(s['nginx_p99_ms'])))

_, _, single = edge('all-in-one')
fresh = single.get('freshness', {})
if fresh and float(fresh.get('p99', 'nan')) > 1000:
    misses.append(f'freshness p99 {fresh["p99"]} ms, target 1000 ms')
_, _, separate = edge('separate')
edge_heap = separate.get('memory_after_load', {}).get('heap_used_mb')
if edge_heap and int(edge_heap) > 256:
    misses.append(f'edge heap {edge_heap} MB under load, target 256 MB')
click_streams = events_per_second('click-streams.txt')
attribution = events_per_second('attribution.txt')
if not click_streams >= 100_000:
    misses.append(f'click-streams {click_streams:,.0f} events/s per stream thread, target 100,000')
if not attribution >= 50_000:
    misses.append(f'attribution {attribution:,.0f} events/s per stream thread, target 50,000')

# the chart: throughput and p99 against connections, edge and nginx, per mode
chart = os.path.join(docs, 'performance-chart.png')
data = os.path.join(results, 'sweep.dat')
with open(data, 'w') as f:
    for mode in ('all-in-one', 'separate'):
        for row in sorted(r for r in chart_rows if r[0] == mode):
            f.write(' '.join(str(x) for x in row[1:]) + '\n')
        f.write('\n\n')
subprocess.run(['gnuplot'], input=f'''
set terminal pngcairo size 1100,420 font ",10"
set output "{chart}"
set multiplot layout 1,2
set logscale x 2
set xlabel "connections"
set key bottom right
set title "throughput (requests/s)"
plot "{data}" index 0 using 1:2 with linespoints title "edge, all-in-one", \\
     "{data}" index 0 using 1:4 with linespoints title "nginx 302", \\
     "{data}" index 1 using 1:2 with linespoints title "edge, broker in own JVM"
set title "p99 latency (ms)"
set key top left
plot "{data}" index 0 using 1:3 with linespoints title "edge, all-in-one", \\
     "{data}" index 0 using 1:5 with linespoints title "nginx 302", \\
     "{data}" index 1 using 1:3 with linespoints title "edge, broker in own JVM"
unset multiplot
''', text=True, check=False)

# where the time goes: async-profiler's collapsed stacks (10 ms of CPU per sample) of a Streams benchmark's JVM
PROFILE_PARTS = [
    ('RocksDB reads (get, range iterators)', ('org/rocksdb/RocksDB.get', 'org/rocksdb/RocksIterator', 'RocksDB.newIterator')),
    ('RocksDB writes (put)', ('org/rocksdb/RocksDB.put', 'org/rocksdb/RocksDB.write')),
    ('record cache (ThreadCache)', ('state/internals/ThreadCache.', )),
    ('records sent (changelogs, output topics)', ('RecordCollectorImpl.send', )),
    ('Avro encoding', ('AvroSerde.encode', )),
    ('Avro decoding', ('AvroSerde.decode', )),
    ('exactly-once commits', ('StreamThread.maybeCommit', )),
    ('user agent parsing (Yauaa, cached)', ('UserAgents.describe', )),
    ('fetching records (consumer poll)', ('StreamThread.pollRequests', )),
]


def profile(name, events):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return []
    threads, parts, stream = collections.Counter(), collections.Counter(), 0
    for line in open(path):
        stack, _, count = line.rstrip().rpartition(' ')
        frames, count = stack.split(';'), int(count)
        thread = re.sub(r'\s*tid=\d+\]$', '', frames[0].lstrip('['))
        thread = 'stream thread' if 'StreamThread' in thread else re.sub(r'[-#| ]*[\d-]*$', '', thread)
        threads[thread] += count
        if thread == 'stream thread':
            stream += count
            for part, needles in PROFILE_PARTS:
                if any(needle in frame for frame in frames for needle in needles):
                    parts[part] += count
    total = sum(threads.values())
    table = ['| CPU of the JVM, by thread | share |', '|---|---|']
    table += [f'| {t} | {100 * c / total:.0f}% |' for t, c in threads.most_common(6)]
    table += ['', f'The stream thread: {stream * 10_000 / events:,.0f} us of CPU per event. Inclusive shares (a send',
              'inside a commit counts in both):', '', '| part | share | us per event |', '|---|---|---|']
    table += [f'| {p} | {100 * parts[p] / stream:.0f}% | {parts[p] * 10_000 / events:,.1f} |'
              for p, _ in PROFILE_PARTS if stream]
    return table


jmh = list(csv.DictReader(open(os.path.join(results, 'jmh.csv')))) if lines('jmh.csv') else []
samples = collections.Counter(re.findall(r'^\s+(\S+)\s+line:', '\n'.join(lines('edge-samples.txt')), re.M))
total_samples = sum(samples.values())

md = ['# Performance', '',
      'Produced by `bench/run` (all of the below in one run, on one machine: absolute figures drift on a shared',
      'box, so the edge is compared with nginx in alternating runs and read as a ratio).', '',
      '```', *lines('machine.txt'), '```', '',
      '## Edge against the limit (wrk -t2 -c64, nginx `return 302` to the same URL)', '',
      '| mode | edge req/s | nginx req/s | ratio | edge p50 / p99 ms | nginx p50 / p99 ms | clicks sent / in report | heap / RSS MB |',
      '|---|---|---|---|---|---|---|---|']
for mode, e, n, ratio, ep50, ep99, np50, np99, clicks, memory in rows:
    md.append(f'| {mode} | {e:,.0f} | {n:,.0f} | {ratio:.2f} | {ep50:.2f} / {ep99:.2f} | {np50:.2f} / {np99:.2f} | '
              f'{clicks.get("edge_requests", "?")} / {clicks.get("report_total", "?")} | '
              f'{memory.get("heap_used_mb", "?")} / {memory.get("rss_mb", "?")} |')
md += ['', 'Heap and RSS: in all-in-one mode the whole JVM (broker, Streams, API, edge); in separate mode the edge',
       'alone, run with `-Xmx256m`.', '', '![throughput and p99 against connections](performance-chart.png)', '',
       '## Freshness (click 302 to the click report, probes under load)', '',
       f'p50 {fresh.get("p50", "?")} ms, p99 {fresh.get("p99", "?")} ms, max {fresh.get("max", "?")} ms over '
       f'{fresh.get("probes", "?")} probes, while wrk loads the edge.', '',
       '## Streams throughput (1 million clicks and 50 thousand conversions produced ahead, broker in its own JVM)', '',
       '| app | events/s per stream thread | command |', '|---|---|---|',
       f'| click-streams | {click_streams:,.0f} | `bench/click-streams` |',
       f'| attribution | {attribution:,.0f} | `bench/attribution` |', '',
       '### Where the time of click-streams goes (async-profiler, CPU)', '',
       *(profile('click-streams.collapsed', 1_000_000) or ['(no profile in this run)']), '',
       '### Where the time of attribution goes (async-profiler, CPU)', '',
       *(profile('attribution.collapsed', 1_050_000) or ['(no profile in this run)']), '',
       '## Hot path, one step at a time (JMH, ns per operation)', '', '| step | ns/op |', '|---|---|']
for row in jmh:
    md.append(f'| {row["Benchmark"].split(".")[-1]} | {float(row["Score"]):,.0f} ± {float(row["Score Error (99.9%)"] or 0):,.0f} |')
if total_samples:
    md += ['', '## Where the edge spends its time (JFR execution samples, top frames, separate mode under load)', '',
           '| method | share |', '|---|---|']
    for method, count in samples.most_common(15):
        md.append(f'| `{method}` | {100 * count / total_samples:.1f}% |')
md += ['', '## Targets', '']
md += [f'- MISSED: {m}' for m in misses] or ['- every target met']
md += ['', '## Commands', '', '```', 'bench/run                      # everything below, then this page',
       'bench/edge all-in-one|separate  # edge vs nginx, freshness, memory, clicks counted',
       'bench/click-streams            # click-streams events/s', 'bench/attribution              # attribution events/s',
       '```', '']
open(out, 'w').write('\n'.join(md))
for m in misses:
    print('MISSED:', m)
print('wrote', out)
