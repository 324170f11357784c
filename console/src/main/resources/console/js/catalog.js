// The catalog as CAKE users know it: advertisers, affiliates, offers, campaigns (one per affiliate and offer)
// and creatives. Each kind says its fields and columns once; the list and edit pages and the offer card's tabs
// are all built from that.

import {get, post, put, session} from './api.js';
import {errorNotice, h, loading, pageTitle, statusBadge, whileBusy} from './dom.js';
import {MODELS, modelLabel, money, named} from './format.js';
import {form} from './forms.js';
import {navigate} from './router.js';
import {trafficFields} from './traffic.js';

export const STATUS_OPTIONS = [['ACTIVE', 'Active'], ['PAUSED', 'Paused']];
const APPROVAL_OPTIONS = [['AUTO', 'Approve automatically'], ['MANUAL', 'Hold for review (pending)']];
const MODEL_OPTIONS = MODELS.map((model) => [model, modelLabel(model)]);
const TOKENS_HELP = 'Tokens are filled in per click: {click_id} (#reqid#), {affiliate_id} (#affid#), {offer_id}, '
  + '{campaign_id}, {creative_id}, {sub1}..{sub5}.';

/** Select options for the records of a list: [id, "#id name"]. */
export const choices = (list) => (list ?? []).map((r) => [r.id, `#${r.id} ${r.name}`]);

/**
 * Each kind: its API path, names, the other lists its form and table need, its fields (given those lists)
 * and its table columns [heading, record => cell].
 */
export const KINDS = {
  advertisers: {
    title: 'Advertisers', singular: 'advertiser', needs: [],
    fields: () => [{name: 'name', label: 'Name', required: true}],
    columns: () => [['Name', (r) => r.name], ['Postback key', (r) => h('code', {}, r.postbackKey)]],
  },
  affiliates: {
    title: 'Affiliates', singular: 'affiliate', needs: [],
    fields: () => [{name: 'name', label: 'Name', required: true},
      {name: 'status', label: 'Status', type: 'select', required: true, options: STATUS_OPTIONS}],
    columns: () => [['Name', (r) => r.name],
      ['Postbacks', (r) => h('a', {class: 'button small secondary', href: `#/affiliates/${r.id}/postbacks`,
        'aria-label': `Postbacks of affiliate ${r.id}`}, 'Postbacks')],
      ['API keys', (r) => h('a', {class: 'button small secondary', href: `#/affiliates/${r.id}/keys`,
        'aria-label': `API keys of affiliate ${r.id}`}, 'API keys')]],
  },
  offers: {
    title: 'Offers', singular: 'offer', needs: ['advertisers'],
    fields: ({advertisers}) => [
      {name: 'name', label: 'Name', required: true},
      {name: 'advertiserId', label: 'Advertiser', type: 'select', required: true, numeric: true, options: choices(advertisers)},
      {name: 'landingPageUrl', label: 'Landing page URL', type: 'url', required: true, maxLength: 2048,
        placeholder: 'https://shop.example.com/?click={click_id}', help: TOKENS_HELP},
      {name: 'clickCookieDays', label: 'Click cookie days', type: 'integer', required: true, min: 1, max: 3650,
        help: 'How long a click can still earn a conversion.'},
      {name: 'attributionModel', label: 'Attribution model', type: 'select', required: true, options: MODEL_OPTIONS},
      {name: 'payout', label: 'Payout (to the affiliate)', type: 'amount', required: true},
      {name: 'revenue', label: 'Revenue (from the advertiser)', type: 'amount', required: true},
      {name: 'redirectUrl', label: 'Redirect URL', type: 'url', maxLength: 2048,
        help: 'Where consumers go when the offer is paused, capped or off-target, or the link is not valid.'},
      {name: 'conversionApproval', label: 'Conversions', type: 'select', required: true, options: APPROVAL_OPTIONS,
        help: 'Held conversions count as pending until approved in Conversion review; their postbacks fire then.'},
      {name: 'status', label: 'Status', type: 'select', required: true, options: STATUS_OPTIONS},
      ...trafficFields(false),
    ],
    defaults: {clickCookieDays: 30, attributionModel: 'FIRST_TOUCH', payout: '0', revenue: '0', conversionApproval: 'AUTO'},
    columns: ({advertisers}) => [
      ['Name', (r) => h('a', {href: `#/offers/${r.id}`}, r.name)],
      ['Advertiser', (r) => named(advertisers, r.advertiserId)],
      ['Model', (r) => modelLabel(r.attributionModel)],
      ['Cookie days', (r) => r.clickCookieDays],
      ['Payout', (r) => money(r.payout)],
      ['Revenue', (r) => money(r.revenue)],
    ],
    link: (r) => `#/offers/${r.id}`,
  },
  campaigns: {
    title: 'Campaigns', singular: 'campaign', needs: ['affiliates', 'offers'],
    fields: ({affiliates, offers}) => [
      {name: 'affiliateId', label: 'Affiliate', type: 'select', required: true, numeric: true, options: choices(affiliates)},
      {name: 'offerId', label: 'Offer', type: 'select', required: true, numeric: true, options: choices(offers)},
      {name: 'status', label: 'Status', type: 'select', required: true, options: STATUS_OPTIONS},
      {name: 'clickCookieDays', label: 'Click cookie days', type: 'integer', min: 1, max: 3650,
        help: 'Leave empty to use the offer\'s.'},
      {name: 'attributionModel', label: 'Attribution model', type: 'select', options: MODEL_OPTIONS,
        emptyLabel: 'The offer\'s model'},
      {name: 'payout', label: 'Payout', type: 'amount', help: 'Leave empty to use the offer\'s.'},
      {name: 'redirectOfferId', label: 'Redirect offer', type: 'select', numeric: true, options: choices(offers),
        emptyLabel: 'None', help: 'Where consumers go when this campaign is paused, capped or off-target.'},
      ...trafficFields(true),
    ],
    columns: ({affiliates, offers}) => [
      ['Affiliate', (r) => named(affiliates, r.affiliateId)],
      ['Offer', (r) => h('a', {href: `#/offers/${r.offerId}/campaigns`}, named(offers, r.offerId))],
      ['Overrides', (r) => [r.clickCookieDays && `${r.clickCookieDays} days`, r.attributionModel && modelLabel(r.attributionModel),
        r.payout != null && `payout ${money(r.payout)}`].filter(Boolean).join(', ') || '—'],
      ['Link', (r) => h('a', {class: 'button small', href: `#/links?campaignId=${r.id}`}, 'Generate link')],
    ],
  },
  events: {
    title: 'Events', singular: 'event', needs: ['offers'],
    fields: ({offers}) => [
      {name: 'offerId', label: 'Offer', type: 'select', required: true, numeric: true, options: choices(offers)},
      {name: 'code', label: 'Code (e on the pixel)', required: true, maxLength: 64, placeholder: 'sale',
        help: 'A conversion pixel or postback with e=<code> is credited with this event\'s amounts.'},
      {name: 'name', label: 'Name', required: true},
      {name: 'payout', label: 'Payout (to the affiliate)', type: 'amount', required: true},
      {name: 'revenue', label: 'Revenue (from the advertiser)', type: 'amount', required: true,
        help: 'p on the pixel still overrides it.'},
    ],
    defaults: {payout: '0', revenue: '0'},
    columns: ({offers}) => [
      ['Offer', (r) => named(offers, r.offerId)],
      ['Code', (r) => h('code', {}, r.code)],
      ['Name', (r) => r.name],
      ['Payout', (r) => money(r.payout)],
      ['Revenue', (r) => money(r.revenue)],
    ],
  },
  creatives: {
    title: 'Creatives', singular: 'creative', needs: ['offers'],
    fields: ({offers}) => [
      {name: 'offerId', label: 'Offer', type: 'select', required: true, numeric: true, options: choices(offers)},
      {name: 'name', label: 'Name', required: true},
      {name: 'landingPageUrl', label: 'Landing page URL', type: 'url', maxLength: 2048,
        help: `Leave empty to use the offer's. ${TOKENS_HELP}`},
      {name: 'status', label: 'Status', type: 'select', required: true, options: STATUS_OPTIONS},
    ],
    columns: ({offers}) => [
      ['Name', (r) => r.name],
      ['Offer', (r) => h('a', {href: `#/offers/${r.offerId}/creatives`}, named(offers, r.offerId))],
      ['Landing page', (r) => r.landingPageUrl ? h('code', {class: 'url'}, r.landingPageUrl) : 'The offer\'s'],
    ],
  },
};

/**
 * Loads the named lists at once: {affiliates: [...], offers: [...]}. An affiliate's key may not list the catalog:
 * its own part comes from /api/me (itself, its campaigns, their offers and creatives).
 */
export async function loadLists(names) {
  const own = session.isAffiliate() ? ownCatalog(await get('/api/me')) : {};
  const lists = await Promise.all(names.map((name) => own[name] ?? get(`/api/${name}`)));
  return Object.fromEntries(names.map((name, i) => [name, lists[i]]));
}

function ownCatalog(me) {
  return {affiliates: [{id: me.affiliateId, name: me.affiliateName, status: 'ACTIVE'}], advertisers: [],
    offers: me.offers, campaigns: me.campaigns, creatives: me.creatives};
}

/** The named lists for a page that needs them first; null, with the reason shown in place, when they fail. */
export async function listsFor(place, names) {
  try {
    return await loadLists(names);
  } catch (error) {
    place.replaceChildren(errorNotice('Could not load the catalog:', error));
    return null;
  }
}

/**
 * A table of records of one kind with Edit and Pause/Activate on each row. Pausing changes the record in
 * place, so the table stays where the user is.
 */
export function recordTable(kindName, records, lists) {
  const kind = KINDS[kindName];
  const pausable = kind.fields(lists).some((f) => f.name === 'status');
  const columns = kind.columns(lists);
  const body = h('tbody');
  function row(record) {
    const actions = h('div', {class: 'actions'},
      h('a', {class: 'button small secondary', href: kind.link?.(record) ?? `#/${kindName}/${record.id}`,
        'aria-label': `Edit ${kind.singular} ${record.id}`}, 'Edit'));
    if (pausable) {
      const paused = record.status === 'PAUSED';
      const toggle = h('button', {type: 'button', class: 'button small secondary',
        'aria-label': `${paused ? 'Activate' : 'Pause'} ${kind.singular} ${record.id}`}, paused ? 'Activate' : 'Pause');
      toggle.addEventListener('click', () => whileBusy(toggle, async () => {
        try {
          const updated = await put(`/api/${kindName}/${record.id}`, {status: paused ? 'ACTIVE' : 'PAUSED'});
          tr.replaceWith(row(updated));
        } catch (error) {
          actions.append(errorNotice('Could not change the status:', error));
        }
      }));
      actions.append(toggle);
    }
    const tr = h('tr', {'data-id': record.id},
      h('td', {class: 'num'}, record.id),
      columns.map(([, cell]) => h('td', {}, cell(record))),
      pausable ? h('td', {}, statusBadge(record.status)) : null,
      h('td', {}, actions));
    return tr;
  }
  body.append(...records.map(row));
  return h('div', {class: 'table-wrap'}, h('table', {class: 'table', 'data-table': kindName},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'ID'), columns.map(([heading]) => h('th', {scope: 'col'}, heading)),
      pausable ? h('th', {scope: 'col'}, 'Status') : null, h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
    records.length ? body : h('tbody', {}, h('tr', {}, h('td', {colspan: 99, class: 'empty'}, `No ${kind.title.toLowerCase()} yet.`)))));
}

/**
 * The create form (no record) or edit form of one kind. initial: values to start a new record with; fixed:
 * values the context decides (the offer card fixes offerId), left out of the form. onSaved(record) runs after
 * the API accepted it.
 */
export function recordForm(kindName, lists, {record = null, initial = {}, fixed = {}, onSaved}) {
  const kind = KINDS[kindName];
  return form({
    name: kindName,
    fields: kind.fields(lists).filter((f) => !(f.name in fixed)),
    values: record ?? {...kind.defaults, ...initial},
    submitLabel: record ? 'Save changes' : `Create ${kind.singular}`,
    onSubmit: async (data) => {
      const body = {...data, ...fixed};
      await onSaved(record ? await put(`/api/${kindName}/${record.id}`, body) : await post(`/api/${kindName}`, body));
    },
  });
}

/** #/<kind>: the list with a filter box and a New button. */
export function listPage(kindName) {
  return async ({view}) => {
    const kind = KINDS[kindName];
    view.append(pageTitle(kind.title, h('a', {class: 'button primary', href: `#/${kindName}/new`}, `New ${kind.singular}`)));
    const body = h('div', {}, loading(`Loading ${kind.title.toLowerCase()}`));
    view.append(body);
    const lists = await listsFor(body, [kindName, ...kind.needs]);
    if (!lists) return;
    const filterId = `filter-${kindName}`;
    const filter = h('input', {id: filterId, type: 'search', placeholder: 'Name or ID'});
    const table = h('div');
    const render = () => {
      const text = filter.value.trim().toLowerCase();
      const shown = lists[kindName].filter((r) => !text || String(r.id) === text || String(r.name ?? '').toLowerCase().includes(text));
      table.replaceChildren(shown.length || !text ? recordTable(kindName, shown, lists)
        : h('p', {class: 'empty'}, `No ${kind.singular} matches “${filter.value.trim()}”.`));
    };
    filter.addEventListener('input', render);
    render();
    body.replaceChildren(h('div', {class: 'toolbar'}, h('label', {for: filterId}, 'Filter'), filter), table);
  };
}

/** #/<kind>/new and #/<kind>/<id>: create or edit one record. */
export function editPage(kindName) {
  return async ({view, params, query}) => {
    const kind = KINDS[kindName];
    const id = params.id === 'new' ? null : Number(params.id);
    view.append(pageTitle(id ? `Edit ${kind.singular} #${id}` : `New ${kind.singular}`),
      h('p', {}, h('a', {href: `#/${kindName}`}, `Back to ${kind.title.toLowerCase()}`)));
    const body = h('div', {class: 'card'}, loading());
    view.append(body);
    try {
      const lists = await loadLists(kind.needs);
      const record = id ? await get(`/api/${kindName}/${id}`) : null;
      body.replaceChildren(recordForm(kindName, lists, {record, initial: Object.fromEntries(query.entries()),
        onSaved: (saved) => navigate(kind.link?.(saved) ?? `#/${kindName}`)}));
    } catch (error) {
      body.replaceChildren(errorNotice(`Could not load this ${kind.singular}:`, error));
    }
  };
}
