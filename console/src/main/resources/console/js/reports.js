// Click and conversion reports: a date range, the API's grouping and filters, a chart of clicks and conversions
// over time, the rows, CSV download. While "Live" is on, the page asks the API again every two seconds and
// redraws in place (no reload); the query is kept in the address so that a report can be bookmarked.

import {call, get, query, saveFile} from './api.js';
import {choices, listsFor} from './catalog.js';
import {timeChart} from './chart.js';
import {errorNotice, h, loading, pageTitle, replace} from './dom.js';
import {cellText, heading, named} from './format.js';
import {form} from './forms.js';
import {replaceQuery} from './router.js';

const POLL_MILLIS = 2000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_RANGE_DAYS = 400;
/** Up to this long the chart shows hours, beyond it days. */
const HOURLY_UP_TO = 3 * DAY;

const RANGES = [['24h', 'Last 24 hours'], ['today', 'Today'], ['yesterday', 'Yesterday'], ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'], ['custom', 'Custom (from and to below)']];

/** The instants a range covers now: relative ranges move on with the clock, which keeps live reports current. */
function rangeTimes({range, from, to}) {
  const nextHour = Math.floor(Date.now() / HOUR) * HOUR + HOUR;
  const midnight = new Date().setHours(0, 0, 0, 0);
  const ranges = {
    today: [midnight, midnight + DAY],
    yesterday: [midnight - DAY, midnight],
    '7d': [nextHour - 7 * DAY, nextHour],
    '30d': [nextHour - 30 * DAY, nextHour],
    custom: [Date.parse(from), Date.parse(to)],
  };
  const [start, end] = ranges[range] ?? [nextHour - DAY, nextHour];
  return {from: new Date(start), to: new Date(end)};
}

/** The value a datetime-local input shows for an instant, in local time. */
function localInputValue(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export const rangeFields = () => [
  {name: 'range', label: 'Date range', type: 'select', required: true, options: RANGES},
  // always filled in: with the chosen range's times, or by the user for a custom one
  {name: 'from', label: 'From', type: 'datetime', required: true},
  {name: 'to', label: 'To', type: 'datetime', required: true},
];

/** Cross-field checks of a custom range, with the API's own limits. */
export function checkRange({range, from, to}) {
  if (range !== 'custom') return [];
  const span = Date.parse(to) - Date.parse(from);
  if (span <= 0) return [{field: 'to', message: 'To must be after From.'}];
  return span > MAX_RANGE_DAYS * DAY ? [{field: 'to', message: `A range can span at most ${MAX_RANGE_DAYS} days.`}] : [];
}

/** Keeps From and To showing the chosen range, and switches to Custom when the user edits them. */
export function linkRangeInputs(formElement) {
  const {range, from, to} = formElement.elements;
  const fill = () => {
    if (range.value === 'custom') return;
    const times = rangeTimes({range: range.value});
    from.value = localInputValue(times.from);
    to.value = localInputValue(times.to);
  };
  range.addEventListener('change', fill);
  for (const input of [from, to]) input.addEventListener('input', () => { range.value = 'custom'; });
  fill();
}

/** The API's from and to for the form's range, as ISO-8601 instants. */
export function rangeParams(data) {
  const {from, to} = rangeTimes(data);
  return {from: from.toISOString(), to: to.toISOString()};
}

/** The form's values as they are kept in the address: only what differs from empty. */
export function addressOf(data) {
  const kept = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])
    .filter(([k, v]) => v !== false && v !== null && v !== '' && !(data.range !== 'custom' && (k === 'from' || k === 'to'))));
  return query(kept);
}

/** Rows of an answer whatever its exact shape: {rows: [...]}, a list, or a list under another name. */
function rowsOf(answer) {
  if (Array.isArray(answer)) return answer;
  return answer?.rows ?? Object.values(answer ?? {}).find(Array.isArray) ?? [];
}

/** A row with nested objects spread out one level ({conversion: {offerId}} -> offerId), arrays kept. */
function flatten(row) {
  const flat = {};
  for (const [key, value] of Object.entries(row)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) flat[inner in row || inner in flat ? `${key}.${inner}` : inner] = innerValue;
    } else {
      flat[key] = value;
    }
  }
  return flat;
}

const SUMMED = ['clicks', 'totalClicks', 'conversions', 'revenue', 'payout'];

/** The click report's totals row: sums, and the rates of the sums (not the sum of the rates). */
function totalsOf(rows) {
  const total = Object.fromEntries(SUMMED.map((key) => [key, rows.reduce((sum, row) => sum + Number(row[key] ?? 0), 0)]));
  return {...total, conversionRate: total.clicks ? total.conversions / total.clicks : 0,
    epc: total.clicks ? total.revenue / total.clicks : 0};
}

/** The columns of all rows: those named first in that order, then the rest as the API gave them. */
function columnsOf(flatRows, first) {
  const present = new Set(flatRows.flatMap(Object.keys));
  return [...first.filter((key) => present.has(key)), ...[...present].filter((key) => !first.includes(key))];
}

function table(rows, lists, withTotals, firstColumns) {
  const flat = rows.map(flatten);
  const columns = columnsOf(flat, firstColumns);
  if (!flat.length) return h('p', {class: 'empty'}, 'No rows for this range and these filters.');
  const cell = (tag, row, key) => {
    const text = cellText(key, row[key], lists);
    return h(tag, {class: /^[\d.,%\s-]+$/.test(text) ? 'num' : null, 'data-column': key}, text);
  };
  const totals = withTotals ? totalsOf(flat) : null;
  return h('div', {class: 'table-wrap'}, h('table', {class: 'table report-table'},
    h('thead', {}, h('tr', {}, columns.map((key) => h('th', {scope: 'col'}, heading(key))))),
    h('tbody', {}, flat.map((row) => h('tr', {}, columns.map((key) => cell('td', row, key))))),
    totals ? h('tfoot', {}, h('tr', {'data-totals': ''}, columns.map((key, i) => (key in totals ? cell('td', totals, key)
      : h('th', {scope: 'row'}, i === 0 ? 'Total' : ''))))) : null));
}

/** Hour or day buckets from..to with the click report's counts, empty ones included (a gap shows as zero). */
async function chartBuckets(filters, times, quiet) {
  const bucket = times.to - times.from <= HOURLY_UP_TO ? 'hour' : 'day';
  const size = bucket === 'hour' ? HOUR : DAY;
  const answer = await get(`/api/reports/clicks${query({from: times.from.toISOString(), to: times.to.toISOString(),
    groupBy: bucket, ...filters})}`, {quiet});
  const counts = new Map(rowsOf(answer).map((row) => [Date.parse(row[bucket]), row]));
  const buckets = [];
  for (let start = Math.floor(times.from / size) * size; start < times.to; start += size) {
    const row = counts.get(start);
    buckets.push({start: new Date(start), totalClicks: Number(row?.totalClicks ?? 0), clicks: Number(row?.clicks ?? 0),
      conversions: Number(row?.conversions ?? 0)});
  }
  return {bucket, buckets};
}

const BUCKET_LABELS = {
  hour: (date) => date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}),
  day: (date) => date.toLocaleDateString([], {month: 'short', day: 'numeric'}),
};

function csvOf(rows) {
  const flat = rows.map(flatten);
  const columns = columnsOf(flat, []);
  const quote = (value) => {
    const text = value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...flat.map((row) => columns.map((key) => quote(row[key])).join(','))].join('\n');
}

/** Asks the API for CSV; an answer in JSON (a report that has no CSV yet) is turned into CSV here. */
async function downloadCsv(path, filename) {
  const response = await call('GET', path, undefined, {accept: 'text/csv'});
  const blob = (response.headers.get('Content-Type') ?? '').includes('json')
    ? new Blob([csvOf(rowsOf(await response.json()))], {type: 'text/csv'})
    : await response.blob();
  saveFile(blob, filename);
}

/** The Live switch and when the page last heard from the API. */
function liveControls() {
  const toggle = h('input', {type: 'checkbox', id: 'live-toggle', checked: true});
  const status = h('span', {class: 'live-status', 'data-live-status': ''});
  return {toggle, status, element: h('div', {class: 'live'}, toggle, h('label', {for: 'live-toggle'}, 'Live updates'), status)};
}

/**
 * A report page. name: its address and file names; path: the API path; fields(lists): its grouping and filter
 * fields; params(data): the API's parameters for them; chartFilters(data): the click report filters that
 * match (none: no chart); totals: whether rows add up to a totals row; firstColumns: the fields that lead each row.
 */
function reportPage({title, name, path, intro, fields, defaults, params, chartFilters = null, totals,
  firstColumns = []}) {
  return async ({view, query: address}) => {
    const live = liveControls();
    view.append(pageTitle(title, live.element), h('p', {class: 'lead'}, intro));
    const body = h('div', {}, loading('Loading the catalog'));
    view.append(body);
    const lists = await listsFor(body, ['advertisers', 'affiliates', 'offers', 'campaigns', 'creatives']);
    if (!lists) return;
    const chart = h('div', {class: 'chart-area', 'data-chart': name});
    const rows = h('div', {'data-rows': name});
    const problem = h('div');
    let current = null;
    // what is on screen, so that a poll that brings nothing new leaves the page as it is (scroll, selection)
    const shown = {chart: null, rows: null};
    const reportPath = () => `${path}${query({...rangeParams(current), ...params(current)})}`;

    async function refresh(quiet) {
      try {
        const [series, answer] = await Promise.all([chartFilters
          ? chartBuckets(chartFilters(current), rangeTimes(current), quiet) : null, get(reportPath(), {quiet})]);
        if (series && JSON.stringify(series) !== shown.chart) {
          shown.chart = JSON.stringify(series);
          chart.replaceChildren(timeChart(series.buckets, BUCKET_LABELS[series.bucket]));
        }
        if (JSON.stringify(answer) !== shown.rows) {
          shown.rows = JSON.stringify(answer);
          rows.replaceChildren(table(rowsOf(answer), lists, totals, firstColumns));
        }
        problem.replaceChildren();
        live.status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
      } catch (error) {
        problem.replaceChildren(errorNotice(`The ${title.toLowerCase()} could not be read:`, error));
        if (!shown.chart) chart.replaceChildren(); // no endless "Loading" under the error
        live.status.textContent = 'Not updated';
      }
    }

    const csvButton = h('button', {type: 'button', class: 'button secondary'}, 'Download CSV');
    csvButton.addEventListener('click', async () => {
      if (!current) return;
      try {
        const stamp = rangeParams(current).from.slice(0, 13);
        await downloadCsv(reportPath(), `${name}-report-${stamp}.csv`);
      } catch (error) {
        problem.replaceChildren(errorNotice('The CSV could not be downloaded:', error));
      }
    });
    const values = {...defaults, ...Object.fromEntries(address.entries())};
    for (const field of fields(lists)) {
      if (field.type === 'checkboxes' && typeof values[field.name] === 'string') values[field.name] = values[field.name].split(',');
    }
    const reportForm = form({name: `${name}-report`, fields: [...rangeFields(), ...fields(lists)], values,
      submitLabel: 'Run report', check: checkRange, extraButtons: [csvButton],
      onSubmit: async (data) => {
        current = data;
        replaceQuery(`/reports/${name}`, addressOf(data));
        await refresh(false);
      }});
    linkRangeInputs(reportForm);
    replace(body, h('section', {class: 'card report-form', 'aria-label': 'Report settings'}, reportForm), problem,
      chartFilters ? h('section', {class: 'card', 'aria-labelledby': `${name}-chart-title`},
        h('h2', {id: `${name}-chart-title`}, 'Clicks and conversions over time'), chart) : null,
      h('section', {class: 'card', 'aria-labelledby': `${name}-rows-title`}, h('h2', {id: `${name}-rows-title`}, 'Rows'), rows));
    (chartFilters ? chart : rows).append(loading('Loading the report'));
    reportForm.requestSubmit();

    // polls one after another (never two at once), and stops by itself once the page is left
    const poll = async () => {
      if (!view.isConnected) return;
      if (current && live.toggle.checked && !document.hidden) await refresh(true);
      setTimeout(poll, POLL_MILLIS);
    };
    setTimeout(poll, POLL_MILLIS);
  };
}

const idFilter = (name, label, list, allLabel) => ({name, label, type: 'select', numeric: true, options: choices(list),
  emptyLabel: allLabel});
const GROUPS = [['affiliate', 'Affiliate'], ['offer', 'Offer'], ['campaign', 'Campaign'], ['creative', 'Creative'],
  ['s1', 'Sub id 1'], ['country', 'Country'], ['reason', 'Redirect reason'], ['hour', 'Hour'], ['day', 'Day']];
const CLICK_FILTERS = ['affiliateId', 'offerId', 'campaignId', 'creativeId', 's1', 'country'];
const pick = (data, names) => Object.fromEntries(names.map((n) => [n, data[n]]));

export const clickReport = reportPage({
  title: 'Click report', name: 'clicks', path: '/api/reports/clicks',
  intro: 'Clicks, conversions and money by the dimensions you group by. Unique clicks are first clicks of a visitor on an offer within its window.',
  defaults: {range: '24h', groupBy: ['affiliate', 'offer']},
  fields: (lists) => [
    {name: 'groupBy', label: 'Group by', type: 'checkboxes', options: GROUPS},
    idFilter('affiliateId', 'Affiliate', lists.affiliates, 'All affiliates'),
    idFilter('offerId', 'Offer', lists.offers, 'All offers'),
    {name: 'campaignId', label: 'Campaign', type: 'select', numeric: true, emptyLabel: 'All campaigns',
      options: lists.campaigns.map((c) => [c.id, `#${c.id}: ${named(lists.affiliates, c.affiliateId)} on ${named(lists.offers, c.offerId)}`])},
    idFilter('creativeId', 'Creative', lists.creatives, 'All creatives'),
    {name: 's1', label: 'Sub id 1', maxLength: 255},
    {name: 'country', label: 'Country', maxLength: 2, placeholder: 'US', help: 'A two-letter country code.'},
    {name: 'test', label: 'Include test traffic', type: 'checkbox'},
  ],
  params: (data) => ({groupBy: data.groupBy.join(','), ...pick(data, CLICK_FILTERS), test: data.test || null}),
  chartFilters: (data) => ({...pick(data, CLICK_FILTERS), test: data.test || null}),
  totals: true,
});

export const conversionReport = reportPage({
  title: 'Conversion report', name: 'conversions', path: '/api/reports/conversions',
  intro: 'One row per conversion, with the attribution decision: which clicks got the credit, and why.',
  defaults: {range: '24h'},
  fields: (lists) => [
    idFilter('affiliateId', 'Affiliate', lists.affiliates, 'All affiliates'),
    idFilter('offerId', 'Offer', lists.offers, 'All offers'),
  ],
  params: (data) => pick(data, ['affiliateId', 'offerId']),
  chartFilters: (data) => pick(data, ['affiliateId', 'offerId']),
  totals: false,
  // the decision first; the ids that identify it for support questions last
  firstColumns: ['time', 'conversionStatus', 'status', 'model', 'offerId', 'credits', 'revenue', 'payout', 'postbacks',
    'transactionId', 'eventName', 'adjustments', 'kind', 'note', 'excluded', 'clickId'],
});

const CALL_STATUSES = [['PENDING', 'Pending'], ['DELIVERED', 'Delivered'], ['FAILED', 'Failed']];

export const postbackReport = reportPage({
  title: 'Postback report', name: 'postbacks', path: '/api/reports/postbacks',
  intro: 'One row per postback call (a conversion\'s credit to an affiliate, per postback), by conversion time: the URL '
    + 'as sent (secrets masked), its attempts and what the affiliate\'s server last answered.',
  defaults: {range: '24h'},
  fields: (lists) => [
    idFilter('affiliateId', 'Affiliate', lists.affiliates, 'All affiliates'),
    {name: 'status', label: 'Status', type: 'select', options: CALL_STATUSES, emptyLabel: 'Any status'},
  ],
  params: (data) => pick(data, ['affiliateId', 'status']),
  totals: false,
  firstColumns: ['conversionTime', 'status', 'affiliateId', 'postbackId', 'url', 'attempts', 'lastHttpStatus',
    'lastAttemptAt', 'lastError', 'nextAttemptAt', 'offerId', 'conversionId'],
});
