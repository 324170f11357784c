"""Writes docs/scaling.md from the figures of one bench/run (bench/results): sizes a deployment for a number of
clicks per day by scaling what was measured, never by guessing. The one input that is not measured here is the
peak-to-average ratio of the traffic (PEAK_FACTOR below); every table says what it scales."""
import math
import os
import re
import sys

import bench_results
from bench_results import fields, median

results, out = sys.argv[1], sys.argv[2]

PEAK_FACTOR = 3          # busiest hour against the day's average: affiliate traffic follows the consumers' day
CATCH_UP_FACTOR = 2      # capacity over peak, so that an hour's backlog (an outage) drains within about an hour
REPLICATION = 3          # the production topics (docker-compose.yml: three brokers)
TOPIC_RETENTION_DAYS = 90  # tracker.clicks and tracker.clicks.processed (kafka.clickTopicRetention): look-ups by id
SECONDS_PER_DAY = 86_400


def lines(name):
    return bench_results.lines(results, name)


def per_event(name, prefix, key):
    """bytes per event of each store or topic a benchmark printed."""
    found = {}
    for line in lines(name):
        if line.startswith(prefix):
            f = fields(line)
            found[re.sub(r'^click-streams-bench-[0-9a-f-]{36}-', '', f[key])] = float(
                f.get('bytes_per_event', f.get('bytes_per_click')))
    return found


def rate(name, pattern):
    found = re.findall(pattern, '\n'.join(lines(name)))
    return float(found[-1].replace(',', '')) if found else float('nan')


click_streams = median(bench_results.click_streams_runs(results))
attribution = rate('attribution.txt', r'([\d,]+) events/s')
edge_rounds = [fields(l) for l in lines('edge-separate.txt') if l.startswith('round_')]
edge = max((float(r['edge_rps']) for r in edge_rounds), default=float('nan'))
click_stores = per_event('click-streams.txt', 'state store=', 'store')
attribution_stores = per_event('attribution.txt', 'state store=', 'store')
topics = per_event('click-streams.txt', 'topic name=', 'name')

# how long each click-streams store keeps what a click wrote (reference.conf defaults)
VISIT_HORIZON_DAYS = 97          # maxUniqueWindow + lateArrivalLimit
RETENTION_DAYS = {
    # a visitor's record sits in a bucket as long as the horizon; it goes when the bucket after its own ends:
    # between one and two horizons after it was last written, 1.5 on average
    'click-visitors': VISIT_HORIZON_DAYS * 1.5,
    'click-identity-visits': VISIT_HORIZON_DAYS * 1.5,
    'click-ip-rates': 7,             # lateArrivalLimit
    'click-ip-first-clicks': 7,
    'click-late-arrivals': 90,       # kafka.clickTopicRetention
    'click-report-hourly': 400,      # reportRetention
    'click-report-subid-hourly': 400,
    'click-report-subid-other-hourly': 400,
    'click-report-subid-rows': 400,
}


def tb(value):
    return f'{value / 1e12:,.2f} TB' if value >= 1e11 else f'{value / 1e9:,.1f} GB'


def cores(count):
    return f'{count} core' if count == 1 else f'{count} cores'


def sizing(clicks_per_day):
    average = clicks_per_day / SECONDS_PER_DAY
    peak = average * PEAK_FACTOR
    return {
        'average': average, 'peak': peak,
        'edge': math.ceil(peak / edge) + 1,
        'click_threads': math.ceil(peak * CATCH_UP_FACTOR / click_streams),
        'attribution_threads': math.ceil(peak * CATCH_UP_FACTOR / attribution),
    }


def state(clicks_per_day, visit_days=VISIT_HORIZON_DAYS):
    total = 0.0
    rows = []
    for store, bytes_per_click in sorted(click_stores.items()):
        days = RETENTION_DAYS.get(store, 0)
        if store in ('click-visitors', 'click-identity-visits'):
            days = visit_days * 1.5
        # report rows grow with their dimensions' values per hour, not with clicks: the benchmark's hour of
        # a million clicks stands for every hour, whatever its clicks
        per_day = bytes_per_click * 1_000_000 * 24 if store.startswith('click-report') else bytes_per_click * clicks_per_day
        size = per_day * days
        total += size
        rows.append((store, bytes_per_click, days, size))
    return rows, total


md = ['# Scaling', '',
      'Written by `bench/scale.py` from the figures of the same `bench/run` as [performance.md](performance.md):',
      'every number below is a measured one, scaled. The only assumptions are the traffic\'s shape: the busiest',
      f'hour carries {PEAK_FACTOR}x the day\'s average, capacity is {CATCH_UP_FACTOR}x that peak so that an hour of backlog',
      f'drains in about an hour, topics are replicated {REPLICATION} times and the click topics are kept',
      f'{TOPIC_RETENTION_DAYS} days.', '',
      '## What was measured (one instance, two shared cores)', '',
      '| figure | value |', '|---|---|',
      f'| edge, requests/s (warm round at 64 connections, broker on the same cores) | {edge:,.0f} |',
      f'| click-streams, clicks/s per stream thread | {click_streams:,.0f} |',
      f'| attribution, events/s per stream thread | {attribution:,.0f} |',
      f'| Kafka bytes written per click by the click path (one replica, lz4) | {sum(topics.values()):,.0f} |',
      f'| click-streams state per click, all stores (RocksDB files) | {sum(click_stores.values()):,.0f} B |',
      f'| attribution state per event, all stores | {sum(attribution_stores.values()):,.0f} B |', '',
      'Every Streams task owns its partitions\' state and nothing else (the topics are keyed by visitor, reports',
      'add up partial sums at query time), so throughput grows with stream threads, one per core, up to one',
      'thread per partition; the edge keeps no state and grows with instances behind the load balancer.', '',
      '## Instances for a number of clicks per day', '',
      '| clicks per day | average / peak clicks/s | edge instances (N+1) | click-streams threads | attribution threads | partitions |',
      '|---|---|---|---|---|---|']
for clicks_per_day in (10_000_000, 100_000_000, 1_000_000_000):
    s = sizing(clicks_per_day)
    partitions = max(12, 2 ** math.ceil(math.log2(max(s['click_threads'], 1) * 2)))
    md.append(f'| {clicks_per_day:,} | {s["average"]:,.0f} / {s["peak"]:,.0f} | {s["edge"]} | {s["click_threads"]} | '
              f'{s["attribution_threads"]} | {partitions} |')
billion = sizing(1_000_000_000)
md += ['', 'Partitions: twice the threads needed, rounded up to a power of two, because the partition count of a',
       'keyed, stateful topic cannot grow later without moving every visitor\'s state. A stream thread keeps one core',
       'busy (the profiles in performance.md), so one billion clicks a day',
       f'needs about {cores(billion["click_threads"])} for click-streams and {cores(billion["attribution_threads"])} for '
       'attribution at',
       'the measured per-thread rates.', '',
       '## Brokers for one billion clicks a day', '']
written = sum(topics.values())
peak_bytes = billion['peak'] * written * REPLICATION
md += [f'- Written per click by the click path: {written:,.0f} bytes (one replica), of which the click topics',
       f'  take {topics.get("tracker.clicks", 0) + topics.get("tracker.clicks.processed", 0):,.0f} and the changelogs the rest.',
       f'- At the peak, {billion["peak"]:,.0f} clicks/s: {peak_bytes / 1e6:,.0f} MB/s of writes across the cluster with',
       f'  {REPLICATION} replicas, about {peak_bytes / 3 / 1e6:,.0f} MB/s per broker with three: within one broker\'s disk and',
       '  network on common hardware, so three brokers carry it, and more brokers spread partitions for headroom.',
       f'- On disk: the click topics for {TOPIC_RETENTION_DAYS} days take '
       f'{tb((topics.get("tracker.clicks", 0) + topics.get("tracker.clicks.processed", 0)) * 1e9 * TOPIC_RETENTION_DAYS * REPLICATION)}'
       ' with replicas; the changelogs hold about what the stores below hold, times the replicas.', '',
       '## State for one billion clicks a day', '',
       '| store | bytes per click | kept (days) | total |', '|---|---|---|---|']
rows, total = state(1_000_000_000)
for store, bytes_per_click, days, size in rows:
    md.append(f'| {store} | {bytes_per_click:,.0f} | {days:,.0f} | {tb(size)} |')
md += [f'| all click-streams stores | | | {tb(total)} |', '']
_, total_30 = state(1_000_000_000, visit_days=37)
md += ['- **Clicks per day** multiply the per-click stores: each visitor\'s recent clicks (one record per visitor, the',
       '  largest) and each IP\'s clicks per second. No store keeps a click by id: `GET /api/clicks/{id}` reads the click',
       '  topics, which the brokers keep `kafka.clickTopicRetention` (90 days) instead (above).',
       '- **Cookie days** set how long a visit counts against uniqueness (`maxUniqueWindow`, 90 days) and so how long',
       f'  visitor records are kept: with a 30-day longest window the click-streams stores total {tb(total_30)}.',
       '  Attribution keeps each click on an offer its longest cookie window plus the grace (table below).',
       '- **Sub id cardinality** does not grow the stores without bound: each hour, slot, affiliate and offer keep at',
       '  most `subIdRowsPerHour` rows (1,000), the rest add to one overflow row; the report stores grow with the',
       '  number of distinct dimension values per hour, not with clicks.',
       f'- Per partition, with {2 ** math.ceil(math.log2(billion["click_threads"] * 2))} partitions: '
       f'{tb(total / 2 ** math.ceil(math.log2(billion["click_threads"] * 2)))} of click-streams state.', '',
       '## Cookie days: what attribution and uniqueness keep for one billion clicks a day', '',
       '| longest cookie window | attribution touches | visitor records (uniqueness) |', '|---|---|---|']
# the attribution benchmark's events are a million clicks and 50,000 conversions: per click, 1.05 events
touch_bytes = attribution_stores.get('attribution-touches', float('nan')) * 1.05
visit_bytes = click_stores.get('click-visitors', float('nan'))
for days in (7, 30, 90):
    md.append(f'| {days} days | {tb(touch_bytes * 1e9 * days)} | {tb(visit_bytes * 1e9 * (days + 7) * 1.5)} |')
md += ['', '## During a rebalance', '',
       '- A partition whose task moves is not answered until its new owner has restored the task\'s stores from the',
       '  changelog: a report that needs it answers 503 with the reason rather than a partial sum (ClickStreamsClusterTest',
       '  checks both instances\' exact counts and the 503 while coverage is incomplete). Clicks keep flowing: the edge',
       '  does not depend on Streams, and the moved partition\'s clicks wait in Kafka until its task runs again.',
       '- Restoring is reading the changelog into RocksDB; its time grows with the partition\'s state above. Standby',
       '  replicas (`num.standby.replicas`) keep a warm copy on another instance so that a move is a switch, not a',
       '  restore; attribution uses static group membership so a restarted instance takes its own partitions back.', '']
os.makedirs(os.path.dirname(out), exist_ok=True)
open(out, 'w').write('\n'.join(md))
print('wrote', out)
