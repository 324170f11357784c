// Two small SVG charts drawn by hand (no library to ship): clicks and conversions over time, and grouped bars
// for the attribution model comparison. Colours come from the stylesheet's series-N classes.

import {h, svg} from './dom.js';
import {number} from './format.js';

const WIDTH = 800;
const HEIGHT = 260;
const MARGIN = {top: 14, right: 12, bottom: 44, left: 56};
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const GRID_LINES = 4;

/** A round axis maximum at or above the value: 1, 2, 2.5, 5 times a power of ten. */
function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((candidate) => candidate >= value);
}

/** The SVG frame with its value axis and grid; y(value) maps a value to its height. */
function frame(maxValue, label) {
  const top = niceMax(maxValue);
  const y = (value) => MARGIN.top + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
  const chart = svg('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'aria-label': label});
  for (let i = 0; i <= GRID_LINES; i += 1) {
    const value = (top * i) / GRID_LINES;
    chart.append(
      svg('line', {class: 'grid', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value)}),
      svg('text', {class: 'axis-label', x: MARGIN.left - 8, y: y(value) + 4, 'text-anchor': 'end'}, number(value)));
  }
  return {chart, y};
}

function legend(entries) {
  return h('ul', {class: 'legend'}, entries.map(([series, label, total]) => h('li', {'data-series': label},
    h('span', {class: `swatch series-${series}`, 'aria-hidden': 'true'}), label,
    total == null ? null : h('strong', {class: 'legend-total'}, number(total)))));
}

/**
 * Per bucket ([{start: Date, totalClicks, clicks, conversions}]): all clicks as wide pale bars, the unique ones
 * as narrow bars inside them, conversions as a line. label(date) names a bucket on the time axis. The totals
 * are in the legend and on the figure (data-total-clicks, data-clicks, data-conversions) for tests and tools.
 */
export function timeChart(buckets, label) {
  const sum = (key) => buckets.reduce((total, bucket) => total + bucket[key], 0);
  const totals = {totalClicks: sum('totalClicks'), clicks: sum('clicks'), conversions: sum('conversions')};
  const {chart, y} = frame(Math.max(...buckets.map((b) => Math.max(b.totalClicks, b.clicks, b.conversions)), 0),
    `Clicks and conversions over time: ${number(totals.totalClicks)} clicks, ${number(totals.clicks)} unique, `
    + `${number(totals.conversions)} conversions.`);
  const slot = PLOT_WIDTH / Math.max(buckets.length, 1);
  const centre = (i) => MARGIN.left + slot * (i + 0.5);
  const bar = (i, value, width, className) => svg('rect', {class: className, x: centre(i) - (slot * width) / 2,
    width: slot * width, y: y(value), height: y(0) - y(value)});
  const labelEvery = Math.ceil(buckets.length / 8);
  buckets.forEach((bucket, i) => {
    const name = label(bucket.start);
    chart.append(svg('g', {},
      svg('title', {}, `${name}: ${number(bucket.totalClicks)} clicks, ${number(bucket.clicks)} unique, `
        + `${number(bucket.conversions)} conversions`),
      bar(i, bucket.totalClicks, 0.7, 'bar series-0 pale'),
      bar(i, bucket.clicks, 0.34, 'bar series-0')));
    if (i % labelEvery === 0) {
      chart.append(svg('text', {class: 'axis-label', x: centre(i), y: HEIGHT - MARGIN.bottom + 18, 'text-anchor': 'middle'}, name));
    }
  });
  chart.append(svg('polyline', {class: 'line series-1',
    points: buckets.map((b, i) => `${centre(i)},${y(b.conversions)}`).join(' ')}));
  buckets.forEach((b, i) => {
    if (b.conversions > 0) chart.append(svg('circle', {class: 'point series-1', cx: centre(i), cy: y(b.conversions), r: 4}));
  });
  return h('figure', {class: 'chart-figure', 'data-total-clicks': totals.totalClicks, 'data-clicks': totals.clicks,
    'data-conversions': totals.conversions},
  legend([['0 pale', 'Total clicks', totals.totalClicks], [0, 'Unique clicks', totals.clicks],
    [1, 'Conversions', totals.conversions]]),
  chart);
}

/**
 * Grouped bars: for each group (an affiliate) one bar per series (a model). values(group, series) gives the
 * height; groups and series are [key, label] pairs.
 */
export function groupedBarChart(groups, series, values, description) {
  const all = groups.flatMap(([group]) => series.map(([key]) => values(group, key)));
  const {chart, y} = frame(Math.max(...all, 0), description);
  const slot = PLOT_WIDTH / Math.max(groups.length, 1);
  const bar = (slot * 0.8) / series.length;
  groups.forEach(([group, groupLabel], g) => {
    const left = MARGIN.left + slot * g + slot * 0.1;
    series.forEach(([key, seriesLabel], s) => {
      const value = values(group, key);
      chart.append(svg('rect', {class: `bar series-${s}`, x: left + bar * s, width: bar * 0.9, y: y(value), height: y(0) - y(value)},
        svg('title', {}, `${groupLabel}, ${seriesLabel}: ${number(value)}`)));
    });
    chart.append(svg('text', {class: 'axis-label', x: left + slot * 0.4, y: HEIGHT - MARGIN.bottom + 18, 'text-anchor': 'middle'},
      groupLabel));
  });
  return h('figure', {class: 'chart-figure'}, legend(series.map(([, label], s) => [s, label, null])), chart);
}
