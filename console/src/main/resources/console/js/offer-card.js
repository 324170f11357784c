// The offer card, as in CAKE: the offer's settings, its campaigns (with Generate link on each) and its creatives
// on tabs, each tab its own address.

import {get, put} from './api.js';
import {KINDS, loadLists, recordForm, recordTable} from './catalog.js';
import {errorNotice, h, loading, notice, pageTitle, replace, statusBadge, whileBusy} from './dom.js';

const TABS = [['settings', 'Settings'], ['campaigns', 'Campaigns'], ['creatives', 'Creatives']];

function tabs(offerId, current) {
  return h('nav', {class: 'tabs', 'aria-label': 'Offer sections'},
    TABS.map(([tab, label]) => h('a', {href: `#/offers/${offerId}/${tab}`, class: 'tab',
      'aria-current': tab === current ? 'page' : null}, label)));
}

/** A tab listing one kind of the offer's records, with a form to add one for this offer. */
function recordsTab(kindName, offerId, lists, heading, refresh) {
  const records = lists[kindName].filter((r) => r.offerId === offerId);
  return [
    recordTable(kindName, records, lists),
    h('section', {class: 'card', 'aria-labelledby': `add-${kindName}`},
      h('h2', {id: `add-${kindName}`}, heading),
      recordForm(kindName, lists, {fixed: {offerId}, onSaved: (saved) => refresh(`Created ${KINDS[kindName].singular} #${saved.id}.`)})),
  ];
}

export async function offerCard({view, params}) {
  const offerId = Number(params.id);
  const tab = TABS.some(([name]) => name === params.tab) ? params.tab : 'settings';
  view.append(pageTitle(`Offer #${offerId}`));
  const body = h('div', {}, loading('Loading the offer'));
  view.append(body);

  async function render(flash) {
    const [offer, lists] = await Promise.all([get(`/api/offers/${offerId}`),
      loadLists(['advertisers', 'affiliates', 'offers', 'campaigns', 'creatives'])]);
    view.querySelector('h1').textContent = `Offer #${offerId}: ${offer.name}`;
    const paused = offer.status === 'PAUSED';
    const toggle = h('button', {type: 'button', class: 'button secondary'}, paused ? 'Activate offer' : 'Pause offer');
    toggle.addEventListener('click', () => whileBusy(toggle, async () => {
      try {
        await put(`/api/offers/${offerId}`, {status: paused ? 'ACTIVE' : 'PAUSED'});
        await render(paused ? 'The offer is active.' : 'The offer is paused: its links go to the redirect chain.');
      } catch (error) {
        toggle.after(errorNotice('Could not change the status:', error));
      }
    }));
    const panels = {
      settings: () => h('section', {class: 'card'}, recordForm('offers', lists, {record: offer,
        onSaved: () => render('Settings saved.')})),
      campaigns: () => recordsTab('campaigns', offerId, lists, 'Add a campaign', render),
      creatives: () => recordsTab('creatives', offerId, lists, 'Add a creative', render),
    };
    replace(body,
      h('div', {class: 'offer-status'}, statusBadge(offer.status), toggle),
      tabs(offerId, tab),
      flash ? notice('success', flash) : null,
      h('div', {class: 'tab-panel', 'data-tab': tab}, panels[tab]()));
  }

  try {
    await render();
  } catch (error) {
    body.replaceChildren(errorNotice('Could not load this offer:', error));
  }
}
