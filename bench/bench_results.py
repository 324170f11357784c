"""What report.py and scale.py both read from one bench/run's results folder: a file's lines, a line's key=value
fields, and click-streams' throughput, which bench/run measures three times (the median is the figure)."""
import os
import re

CLICK_STREAMS_RUNS = ('click-streams.txt', 'click-streams-run2.txt', 'click-streams-run3.txt')


def lines(results, name):
    path = os.path.join(results, name)
    return open(path).read().splitlines() if os.path.exists(path) else []


def fields(line):
    return dict(re.findall(r'(\w+)=(\S+)', line))


def median(values):
    values = sorted(float(v) for v in values)
    if not values:
        return float('nan')
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def click_streams_runs(results):
    """clicks/s of each run of click-streams found, in the order they ran."""
    found = [re.findall(r'clicks_per_second=(\d+)', '\n'.join(lines(results, name))) for name in CLICK_STREAMS_RUNS]
    return [float(rates[-1]) for rates in found if rates]
