// Traffic control in the console: caps and targeting as one line of text each on the offer and campaign forms
// ("500 clicks daily, 20 conversions monthly"; "countries US CA; exclude DE; devices MOBILE; languages en"), and
// the caps page: every cap's use against its limit in the current period.

import {get} from './api.js';
import {listsFor} from './catalog.js';
import {errorNotice, h, loading, pageTitle, replace} from './dom.js';
import {named} from './format.js';

const TYPES = {click: 'CLICKS', clicks: 'CLICKS', conversion: 'CONVERSIONS', conversions: 'CONVERSIONS'};
const INTERVALS = ['DAILY', 'WEEKLY', 'MONTHLY', 'LIFETIME'];
const TARGETING_KEYS = {countries: 'countries', exclude: 'excludeCountries', devices: 'devices', languages: 'languages'};
const DEVICES = ['DESKTOP', 'MOBILE', 'TABLET'];

/** "500 clicks daily, 20 conversions monthly" -> [{type, interval, limit}]. */
export function parseCaps(text) {
  return text.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const [limit, type, interval, ...rest] = part.split(/\s+/);
    if (!/^[1-9]\d{0,12}$/.test(limit ?? '') || !TYPES[type?.toLowerCase()] || !INTERVALS.includes(interval?.toUpperCase())
      || rest.length) {
      throw new Error(`'${part}' is not like "500 clicks daily" (clicks or conversions; daily, weekly, monthly or lifetime).`);
    }
    return {type: TYPES[type.toLowerCase()], interval: interval.toUpperCase(), limit: Number(limit)};
  });
}

export const formatCaps = (caps) => (caps ?? [])
  .map((cap) => `${cap.limit} ${cap.type.toLowerCase()} ${cap.interval.toLowerCase()}`).join(', ');

/** "countries US CA; exclude DE; devices MOBILE; languages en" -> {countries, excludeCountries, devices, languages}. */
export function parseTargeting(text) {
  const targeting = {};
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [key, ...values] = part.split(/[\s,]+/);
    const name = TARGETING_KEYS[key.toLowerCase()];
    if (!name || !values.length) {
      throw new Error(`'${part}' does not start with countries, exclude, devices or languages and a list.`);
    }
    const bad = values.find((v) => (name === 'devices' ? !DEVICES.includes(v.toUpperCase()) : !/^[a-z]{2}$/i.test(v)));
    if (bad) throw new Error(`'${bad}' is not ${name === 'devices' ? 'DESKTOP, MOBILE or TABLET' : 'a two-letter code'}.`);
    targeting[name] = values.map((v) => (name === 'languages' ? v.toLowerCase() : v.toUpperCase()));
  }
  return targeting;
}

export const formatTargeting = (t) => (t ? Object.entries(TARGETING_KEYS)
  .filter(([, name]) => t[name]?.length).map(([key, name]) => `${key} ${t[name].join(' ')}`).join('; ') : '');

/** The caps and targeting fields of the offer form (of the campaign form: their own replace the offer's). */
export function trafficFields(ofCampaign) {
  return [
    {name: 'caps', label: 'Caps', maxLength: 500, parse: parseCaps, format: formatCaps,
      placeholder: '500 clicks daily, 20 conversions monthly',
      help: (ofCampaign ? 'On top of the offer\'s caps. ' : '')
        + 'A reached cap sends clicks to the redirect until its period ends (days in the tracker\'s time zone).'},
    {name: 'targeting', label: 'Targeting', maxLength: 2000, parse: parseTargeting, format: formatTargeting,
      placeholder: 'countries US CA; exclude DE; devices MOBILE TABLET; languages en',
      help: (ofCampaign ? 'Replaces the offer\'s targeting when set. ' : '')
        + 'Other clicks go to the redirect. Countries: ISO codes; devices: DESKTOP, MOBILE, TABLET; languages: ISO codes.'},
  ];
}

/** The caps page: each cap with a meter of its use against its limit. */
export async function capsPage({view}) {
  view.append(pageTitle('Caps'), h('p', {class: 'lead'},
    'Every cap of the offers and campaigns, with what it used in its current period: the figures the edge goes by.'));
  const body = h('div', {}, loading('Loading caps'));
  view.append(body);
  const lists = await listsFor(body, ['offers', 'affiliates', 'campaigns']);
  if (!lists) return;
  let rows;
  try {
    rows = (await get('/api/reports/caps')).rows;
  } catch (error) {
    replace(body, errorNotice('Could not load the caps:', error));
    return;
  }
  const campaignName = (id) => {
    const campaign = lists.campaigns.find((c) => c.id === id);
    return campaign ? `${named(lists.affiliates, campaign.affiliateId)} on ${named(lists.offers, campaign.offerId)}` : `#${id}`;
  };
  replace(body, rows.length === 0 ? h('p', {class: 'empty'}, 'No offer or campaign has a cap yet.') : h('table', {class: 'table', 'data-table': 'caps'},
    h('thead', {}, h('tr', {}, ['Scope', 'Of', 'Counts', 'Period', 'Since', 'Used', 'State'].map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, rows.map((row) => h('tr', {'data-reached': String(row.reached)},
      h('td', {}, row.scope === 'OFFER' ? 'Offer' : 'Campaign'),
      h('td', {}, row.scope === 'OFFER' ? h('a', {href: `#/offers/${row.id}`}, named(lists.offers, row.id)) : campaignName(row.id)),
      h('td', {}, row.type.toLowerCase()),
      h('td', {}, row.interval.toLowerCase()),
      h('td', {}, row.interval === 'LIFETIME' ? '—' : new Date(row.periodStart).toLocaleString()),
      h('td', {}, h('meter', {min: 0, max: row.limit, value: Math.min(row.used, row.limit), 'aria-label': `${row.used} of ${row.limit}`}),
        ` ${row.used} of ${row.limit}`),
      h('td', {}, row.reached ? h('span', {class: 'badge badge-paused'}, 'Reached') : h('span', {class: 'badge badge-active'}, 'Open')))))));
}
