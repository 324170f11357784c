// Attribution model comparison: the same conversions of one offer credited under each model, per affiliate,
// as a table and a grouped bar chart: who would have earned what under another model.

import {get, query} from './api.js';
import {choices, listsFor} from './catalog.js';
import {groupedBarChart} from './chart.js';
import {errorNotice, h, loading, pageTitle, replace} from './dom.js';
import {MODELS, modelLabel, money, named, number} from './format.js';
import {form} from './forms.js';
import {replaceQuery} from './router.js';
import {addressOf, checkRange, linkRangeInputs, rangeFields, rangeParams} from './reports.js';

const METRICS = [['conversions', 'Conversions', number], ['revenue', 'Revenue', money], ['payout', 'Payout', money]];

/** An amount given as a decimal, or in micros as the event records keep it. */
const amount = (figures, name) => Number(figures[name] ?? (figures[`${name}Micros`] ?? 0) / 1_000_000);

const cellOf = (affiliateId, model, figures) => ({affiliateId, model, conversions: Number(figures.conversions ?? 0),
  revenue: amount(figures, 'revenue'), payout: amount(figures, 'payout')});

/** What the offer's own model recorded, when the answer gives it beside the models compared. */
const RECORDED = 'recorded';
const COLUMNS = [RECORDED, ...MODELS];
const columnLabel = (model) => (model === RECORDED ? 'Recorded' : modelLabel(model));

/** The models present as keys of an object ({FIRST_TOUCH: ..., LINEAR: ...}), with their values. */
const modelsIn = (object) => COLUMNS.filter((m) => object?.[m] && typeof object[m] === 'object').map((m) => [m, object[m]]);

/**
 * One {affiliateId, model, conversions, revenue, payout} per affiliate and model, whatever the answer's shape:
 * rows with a model each, rows per affiliate with the models inside (as keys or a list), or lists per model.
 */
function cellsOf(answer) {
  const rows = Array.isArray(answer) ? answer : answer?.rows ?? answer?.affiliates;
  if (Array.isArray(rows)) {
    return rows.flatMap((row) => {
      if (row.model) return [cellOf(row.affiliateId, row.model, row)];
      const inner = row.models ?? row.byModel ?? row;
      return Array.isArray(inner) ? inner.map((m) => cellOf(row.affiliateId, m.model, m))
        : modelsIn(inner).map(([model, figures]) => cellOf(row.affiliateId, model, figures));
    });
  }
  return modelsIn(answer?.models ?? answer).flatMap(([model, list]) =>
    (Array.isArray(list) ? list : list.rows ?? []).map((row) => cellOf(row.affiliateId, model, row)));
}

function comparisonTable(cells, models, lists) {
  const affiliates = [...new Set(cells.map((c) => c.affiliateId))].sort((a, b) => a - b);
  const find = (affiliateId, model) => cells.find((c) => c.affiliateId === affiliateId && c.model === model);
  const sum = (model, metric) => cells.filter((c) => c.model === model).reduce((total, c) => total + c[metric], 0);
  const figures = (valueOf) => models.flatMap((model) => METRICS.map(([metric, , format]) =>
    h('td', {class: 'num', 'data-model': model, 'data-metric': metric}, format(valueOf(model, metric)))));
  return h('div', {class: 'table-wrap'}, h('table', {class: 'table compare-table'},
    h('thead', {},
      h('tr', {}, h('th', {scope: 'col', rowspan: 2}, 'Affiliate'),
        models.map((model) => h('th', {scope: 'colgroup', colspan: METRICS.length, class: 'group'}, columnLabel(model)))),
      h('tr', {}, models.flatMap(() => METRICS.map(([, label]) => h('th', {scope: 'col'}, label))))),
    h('tbody', {}, affiliates.map((affiliateId) => h('tr', {'data-affiliate': affiliateId},
      h('th', {scope: 'row'}, named(lists.affiliates, affiliateId)),
      figures((model, metric) => find(affiliateId, model)?.[metric] ?? 0)))),
    h('tfoot', {}, h('tr', {}, h('th', {scope: 'row'}, 'Total'), figures(sum)))));
}

export async function compareReport({view, query: address}) {
  view.append(pageTitle('Attribution model comparison'),
    h('p', {class: 'lead'}, 'The conversions of one offer credited under each model, per affiliate: what each affiliate would have earned if the offer used another model. Recorded is what the offer\'s own model credited.'));
  const body = h('div', {}, loading('Loading the catalog'));
  view.append(body);
  const lists = await listsFor(body, ['affiliates', 'offers']);
  if (!lists) return;
  const results = h('div', {'data-compare': ''});
  const metricChoice = h('select', {id: 'compare-metric'}, METRICS.map(([metric, label]) => h('option', {value: metric}, label)));
  let shown = null;
  const drawChart = () => {
    const [metric, label] = METRICS.find(([m]) => m === metricChoice.value);
    const affiliates = [...new Set(shown.cells.map((c) => c.affiliateId))].sort((a, b) => a - b);
    return groupedBarChart(affiliates.map((id) => [id, named(lists.affiliates, id)]),
      shown.models.map((m) => [m, columnLabel(m)]),
      (affiliateId, model) => shown.cells.find((c) => c.affiliateId === affiliateId && c.model === model)?.[metric] ?? 0,
      `${label} per affiliate under each attribution model.`);
  };
  const chartArea = h('div', {class: 'chart-area'});
  metricChoice.addEventListener('change', () => chartArea.replaceChildren(drawChart()));

  const values = {range: '7d', models: MODELS, ...Object.fromEntries(address.entries())};
  if (typeof values.models === 'string') values.models = values.models.split(',');
  const compareForm = form({
    name: 'compare',
    fields: [{name: 'offerId', label: 'Offer', type: 'select', required: true, numeric: true, options: choices(lists.offers)},
      ...rangeFields(),
      {name: 'models', label: 'Models', type: 'checkboxes', required: true, options: MODELS.map((m) => [m, modelLabel(m)])}],
    values, submitLabel: 'Compare', check: checkRange,
    onSubmit: async (data) => {
      replaceQuery('/reports/compare', addressOf(data));
      results.replaceChildren(loading('Comparing the models'));
      try {
        const answer = await get(`/api/reports/attribution-compare${query({offerId: data.offerId, ...rangeParams(data),
          models: data.models.join(',')})}`);
        const cells = cellsOf(answer);
        shown = {cells, models: COLUMNS.filter((m) => data.models.includes(m) || (m === RECORDED && cells.some((c) => c.model === m)))};
      } catch (error) {
        results.replaceChildren(errorNotice('The comparison could not be read:', error));
        return;
      }
      replace(results, shown.cells.length === 0
        ? h('p', {class: 'empty'}, 'No attributed conversions of this offer in this range.')
        : [h('section', {class: 'card', 'aria-labelledby': 'compare-chart-title'},
          h('div', {class: 'section-head'}, h('h2', {id: 'compare-chart-title'}, 'By model'),
            h('div', {class: 'inline-field'}, h('label', {for: 'compare-metric'}, 'Chart shows'), metricChoice)),
          chartArea),
        h('section', {class: 'card', 'aria-label': 'Per affiliate and model'}, comparisonTable(shown.cells, shown.models, lists))]);
      chartArea.replaceChildren(drawChart());
    },
  });
  linkRangeInputs(compareForm);
  body.replaceChildren(h('section', {class: 'card report-form', 'aria-label': 'Comparison settings'}, compareForm), results);
  if (address.has('offerId')) compareForm.requestSubmit();
}
