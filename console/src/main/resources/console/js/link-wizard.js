// The Generate Unique Link wizard: affiliate -> campaign -> creative (+ sub ids) -> the link to copy. Reached
// from the navigation and, with the campaign already chosen, from Generate link on any campaign row.

import {post} from './api.js';
import {listsFor} from './catalog.js';
import {h, loading, notice, pageTitle, snippet} from './dom.js';
import {named} from './format.js';
import {form} from './forms.js';

const STEPS = ['Affiliate', 'Campaign', 'Creative and sub ids', 'Link'];
const SUB_ID_FIELDS = [1, 2, 3, 4, 5].map((n) => ({name: `s${n}`, label: `Sub id ${n} (s${n})`, maxLength: 255}));

function stepList(current) {
  return h('ol', {class: 'steps'}, STEPS.map((label, i) => h('li', {
    class: i < current ? 'done' : null, 'aria-current': i === current ? 'step' : null}, label)));
}

const option = (record, label) => [record.id, `${label}${record.status === 'PAUSED' ? ' (paused)' : ''}`];

export async function linkWizard({view, query}) {
  view.append(pageTitle('Generate Unique Link'),
    h('p', {class: 'lead'}, 'The tracking link an affiliate puts on their creative: each click on it is counted and sent on to the landing page.'));
  const body = h('div', {class: 'card wizard'}, loading());
  view.append(body);
  const lists = await listsFor(body, ['affiliates', 'offers', 'campaigns', 'creatives']);
  if (!lists) return;
  const chosen = {affiliateId: null, campaignId: null, creativeId: null, subIds: {}, url: null};
  const given = lists.campaigns.find((c) => c.id === Number(query.get('campaignId')));
  if (given) Object.assign(chosen, {affiliateId: given.affiliateId, campaignId: given.id});

  const back = (step) => h('button', {type: 'button', class: 'button secondary', onclick: () => show(step)}, 'Back');
  const campaign = () => lists.campaigns.find((c) => c.id === chosen.campaignId);

  const steps = [
    () => lists.affiliates.length === 0
      ? notice('info', 'There is no affiliate yet.', [h('a', {href: '#/affiliates/new'}, 'Create an affiliate')])
      : form({name: 'wizard-affiliate', submitLabel: 'Next',
        fields: [{name: 'affiliateId', label: 'Affiliate', type: 'select', required: true, numeric: true,
          options: lists.affiliates.map((a) => option(a, `#${a.id} ${a.name}`))}],
        values: {affiliateId: chosen.affiliateId},
        onSubmit: ({affiliateId}) => {
          if (affiliateId !== chosen.affiliateId) Object.assign(chosen, {affiliateId, campaignId: null, creativeId: null});
          show(1);
        }}),
    () => {
      const campaigns = lists.campaigns.filter((c) => c.affiliateId === chosen.affiliateId);
      return campaigns.length === 0
        ? [notice('info', `Affiliate ${named(lists.affiliates, chosen.affiliateId)} runs no campaign yet.`,
          [h('a', {href: `#/campaigns/new?affiliateId=${chosen.affiliateId}`}, 'Create a campaign for this affiliate')]), back(0)]
        : form({name: 'wizard-campaign', submitLabel: 'Next', extraButtons: [back(0)],
          fields: [{name: 'campaignId', label: 'Campaign', type: 'select', required: true, numeric: true,
            options: campaigns.map((c) => option(c, `Campaign #${c.id}: offer ${named(lists.offers, c.offerId)}`))}],
          values: {campaignId: chosen.campaignId},
          onSubmit: ({campaignId}) => {
            if (campaignId !== chosen.campaignId) Object.assign(chosen, {campaignId, creativeId: null});
            show(2);
          }});
    },
    () => {
      const creatives = lists.creatives.filter((c) => c.offerId === campaign().offerId);
      return creatives.length === 0
        ? [notice('info', `Offer ${named(lists.offers, campaign().offerId)} has no creative yet.`,
          [h('a', {href: `#/offers/${campaign().offerId}/creatives`}, 'Add a creative to the offer')]), back(1)]
        : form({name: 'wizard-creative', submitLabel: 'Generate link', extraButtons: [back(1)],
          fields: [{name: 'creativeId', label: 'Creative', type: 'select', required: true, numeric: true,
            options: creatives.map((c) => option(c, `#${c.id} ${c.name}`))}, ...SUB_ID_FIELDS],
          values: {creativeId: chosen.creativeId, ...chosen.subIds},
          onSubmit: async ({creativeId, ...subIds}) => {
            const {url} = await post('/api/links', {affiliateId: chosen.affiliateId, creativeId, ...subIds});
            Object.assign(chosen, {creativeId, subIds, url});
            show(3);
          }});
    },
    () => [
      h('dl', {class: 'summary'},
        h('dt', {}, 'Affiliate'), h('dd', {}, named(lists.affiliates, chosen.affiliateId)),
        h('dt', {}, 'Offer'), h('dd', {}, named(lists.offers, campaign().offerId)),
        h('dt', {}, 'Campaign'), h('dd', {}, `#${chosen.campaignId}`),
        h('dt', {}, 'Creative'), h('dd', {}, named(lists.creatives, chosen.creativeId))),
      snippet('Unique link', chosen.url, 'link'),
      h('div', {class: 'form-actions'},
        h('button', {type: 'button', class: 'button secondary', onclick: () => show(2)}, 'Change creative or sub ids'),
        h('button', {type: 'button', class: 'button secondary', onclick: () => show(0)}, 'Start over')),
    ],
  ];

  function show(step) {
    body.replaceChildren(stepList(step), h('div', {class: 'step', 'data-step': step}, steps[step]()));
    body.querySelector('.step select, .step input, .step textarea, .step a, .step button')?.focus();
  }

  show(chosen.campaignId ? 2 : 0);
}
