// The manager's pages of a conversion's life and an affiliate's access: an affiliate's API keys (made, shown once,
// revoked) and the review of conversions (approve or reject one, or every conversion a filter matches).

import {get, post, put, query, remove} from './api.js';
import {choices, listsFor} from './catalog.js';
import {errorNotice, h, loading, notice, pageTitle, snippet, whileBusy} from './dom.js';
import {cellText, named} from './format.js';
import {form} from './forms.js';

/** #/affiliates/:id/keys: the affiliate's keys with when each was made, last used and revoked. */
export async function affiliateKeysPage({view, params}) {
  const affiliateId = Number(params.id);
  view.append(pageTitle(`API keys of affiliate #${affiliateId}`),
    h('p', {class: 'lead'}, 'With its own key an affiliate signs in here and sees its reports (without your revenue), '
      + 'makes its links and manages its postbacks; nothing else.'),
    h('p', {}, h('a', {href: '#/affiliates'}, 'Back to affiliates')));
  const body = h('div', {}, loading('Loading the keys'));
  view.append(body);
  let created = null;

  async function render() {
    let keys;
    try {
      keys = await get(`/api/affiliates/${affiliateId}/keys`);
    } catch (error) {
      body.replaceChildren(errorNotice('Could not load the keys:', error));
      return;
    }
    const makeButton = h('button', {type: 'button', class: 'button primary'}, 'Create a key');
    makeButton.addEventListener('click', () => whileBusy(makeButton, async () => {
      try {
        created = await post(`/api/affiliates/${affiliateId}/keys`, {});
        await render();
      } catch (error) {
        body.append(errorNotice('Could not create a key:', error));
      }
    }));
    body.replaceChildren(
      created ? h('section', {class: 'card', 'data-new-key': ''},
        notice('success', `Key #${created.keyId} created. Copy it now: it is shown this once and kept only as a hash.`),
        snippet('New API key', created.key, 'new-key')) : null,
      h('div', {class: 'toolbar'}, makeButton),
      h('div', {class: 'table-wrap'}, h('table', {class: 'table', 'data-table': 'keys'},
        h('thead', {}, h('tr', {}, ['Key', 'Created', 'Last used', 'Status', ''].map((heading) => h('th', {scope: 'col'}, heading)))),
        h('tbody', {}, keys.length ? keys.map(keyRow)
          : h('tr', {}, h('td', {colspan: 99, class: 'empty'}, 'No keys yet.'))))));
  }

  function keyRow(key) {
    const revoke = key.revokedAt ? null : h('button', {type: 'button', class: 'button small danger',
      'aria-label': `Revoke key ${key.keyId}`}, 'Revoke');
    revoke?.addEventListener('click', () => whileBusy(revoke, async () => {
      try {
        await remove(`/api/affiliates/${affiliateId}/keys/${key.keyId}`);
        created = null;
        await render();
      } catch (error) {
        revoke.after(errorNotice('Could not revoke the key:', error));
      }
    }));
    return h('tr', {'data-id': key.keyId}, h('td', {class: 'num'}, `#${key.keyId}`),
      h('td', {}, cellText('createdAt', key.createdAt)), h('td', {}, key.lastUsedAt ? cellText('lastUsedAt', key.lastUsedAt) : 'Never'),
      h('td', {}, key.revokedAt ? `Revoked ${cellText('revokedAt', key.revokedAt)}` : 'Active'), h('td', {}, revoke));
  }
  await render();
}

const DECISIONS = [['APPROVED', 'Approve'], ['REJECTED', 'Reject'], ['PENDING', 'Hold (pending)']];
const STATUSES = [['PENDING', 'Pending'], ['APPROVED', 'Approved'], ['REJECTED', 'Rejected']];

/**
 * #/conversions/review: the conversions of a range and filter (pending ones by default), each with Approve and
 * Reject, and one form that changes every conversion the filter matches, as CAKE's mass adjustment does.
 */
export async function conversionReviewPage({view}) {
  view.append(pageTitle('Conversion review'),
    h('p', {class: 'lead'}, 'Approve or reject conversions one by one, or all that a filter matches. Every change is '
      + 'kept with who made it and why; reports and postbacks follow within seconds.'));
  const body = h('div', {}, loading('Loading the catalog'));
  view.append(body);
  const lists = await listsFor(body, ['affiliates', 'offers']);
  if (!lists) return;
  const rows = h('div', {'data-rows': 'review'});
  const outcome = h('div', {'aria-live': 'polite'});
  let filter = {conversionStatus: 'PENDING'};

  const since = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
  const filterFields = [
    {name: 'offerId', label: 'Offer', type: 'select', numeric: true, options: choices(lists.offers), emptyLabel: 'All offers'},
    {name: 'affiliateId', label: 'Affiliate', type: 'select', numeric: true, options: choices(lists.affiliates),
      emptyLabel: 'All affiliates'},
    {name: 'conversionStatus', label: 'Status now', type: 'select', options: STATUSES, emptyLabel: 'Any status'},
    {name: 'transactionIds', label: 'Transaction ids', maxLength: 4000, help: 'Comma-separated; empty: any.'},
  ];

  async function showRows() {
    try {
      const answer = await get(`/api/reports/conversions${query({from: since, to: new Date(Date.now() + 60_000).toISOString(),
        offerId: filter.offerId, affiliateId: filter.affiliateId, conversionStatus: filter.conversionStatus,
        transactionId: filter.transactionIds, status: 'ATTRIBUTED'})}`);
      rows.replaceChildren(answer.rows.length ? conversionTable(answer.rows)
        : h('p', {class: 'empty'}, 'No conversions match in the last 7 days.'));
    } catch (error) {
      rows.replaceChildren(errorNotice('The conversions could not be read:', error));
    }
  }

  function conversionTable(conversions) {
    return h('div', {class: 'table-wrap'}, h('table', {class: 'table', 'data-table': 'review'},
      h('thead', {}, h('tr', {}, ['Time', 'Offer', 'Affiliates', 'Transaction', 'Revenue', 'Payout', 'Status', 'Adjustments', '']
        .map((heading) => h('th', {scope: 'col'}, heading)))),
      h('tbody', {}, conversions.map((c) => h('tr', {'data-id': c.conversionId},
        h('td', {}, cellText('time', c.time)), h('td', {}, named(lists.offers, c.offerId)),
        h('td', {}, c.credits.map((credit) => named(lists.affiliates, credit.affiliateId)).join(', ')),
        h('td', {}, c.transactionId ?? '—'), h('td', {class: 'num'}, cellText('revenue', c.revenue)),
        h('td', {class: 'num'}, cellText('payout', c.payout)), h('td', {}, cellText('conversionStatus', c.conversionStatus)),
        h('td', {}, cellText('adjustments', c.adjustments)), h('td', {}, decide(c)))))));
  }

  function decide(conversion) {
    const actions = h('div', {class: 'actions'});
    for (const [status, label] of DECISIONS.filter(([status]) => status !== conversion.conversionStatus && status !== 'PENDING')) {
      const button = h('button', {type: 'button', class: `button small ${status === 'REJECTED' ? 'danger' : 'secondary'}`,
        'aria-label': `${label} conversion ${conversion.conversionId}`}, label);
      button.addEventListener('click', () => whileBusy(button, async () => {
        try {
          await put(`/api/conversions/${conversion.conversionId}`, {status, note: `${label.toLowerCase()}d in review`});
          outcome.replaceChildren(notice('success', `${label}d conversion ${conversion.conversionId}.`));
          await awaitShown(conversion.conversionId, status);
        } catch (error) {
          actions.append(errorNotice('Could not change it:', error));
        }
      }));
      actions.append(button);
    }
    return actions;
  }

  /** The change is applied by attribution within moments: read again until it shows (at most a few seconds). */
  async function awaitShown(conversionId, status) {
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const answer = await get(`/api/reports/conversions${query({from: since, to: new Date(Date.now() + 60_000).toISOString(),
        conversionId})}`, {quiet: true});
      if (answer.rows[0]?.conversionStatus === status) break;
    }
    await showRows();
  }

  const filterForm = form({name: 'review-filter', fields: filterFields, values: filter, submitLabel: 'Show',
    onSubmit: async (data) => {
      filter = data;
      await showRows();
    }});
  const bulkForm = form({name: 'bulk-adjustment',
    fields: [{name: 'status', label: 'Set status', type: 'select', required: true, options: DECISIONS},
      {name: 'note', label: 'Why', maxLength: 500}],
    submitLabel: 'Change every conversion the filter matches',
    onSubmit: async ({status, note}) => {
      const transactionIds = (filter.transactionIds ?? '').split(',').map((t) => t.trim()).filter(Boolean);
      const answer = await post('/api/conversions/adjustments', {from: since, to: new Date(Date.now() + 60_000).toISOString(),
        offerId: filter.offerId ?? null, affiliateId: filter.affiliateId ?? null,
        transactionIds: transactionIds.length ? transactionIds : null, conversionStatus: filter.conversionStatus ?? null,
        status, note: note ?? null});
      outcome.replaceChildren(notice('success', `Changed ${answer.matched} conversion${answer.matched === 1 ? '' : 's'}.`));
      if (answer.adjustments.length) await awaitShown(answer.adjustments[0].conversionId, status);
    }});
  body.replaceChildren(h('section', {class: 'card', 'aria-label': 'Filter'}, filterForm), outcome,
    h('section', {class: 'card', 'aria-labelledby': 'review-rows'}, h('h2', {id: 'review-rows'}, 'Conversions'), rows),
    h('section', {class: 'card', 'aria-labelledby': 'bulk-title'}, h('h2', {id: 'bulk-title'}, 'Change them all'),
      h('p', {}, 'Applies to every conversion of the last 7 days that the filter above matches (name an offer, an '
        + 'affiliate or transaction ids).'), bulkForm));
  await showRows();
}
