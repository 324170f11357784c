// Pixel generators: the click pixel and JS tag for direct linking (the affiliate's landing page reports the
// click), and the advertiser's conversion pixels and server-to-server postback URL.

import {post} from './api.js';
import {choices, listsFor} from './catalog.js';
import {h, loading, pageTitle, snippet} from './dom.js';
import {form} from './forms.js';

const CLICK_SNIPPETS = [['img', 'Image pixel (HTML)'], ['js', 'JavaScript tag (HTML)']];
const CONVERSION_SNIPPETS = [['img', 'Image pixel (HTML)'], ['iframe', 'Iframe pixel (HTML)'], ['js', 'JavaScript pixel (HTML)'],
  ['postback', 'Server-to-server postback URL']];

/** One generator: a form that asks the API for snippets, and the snippets with Copy buttons below it. */
function generator({name, title, description, fields, path, snippets, note}) {
  const results = h('div', {class: 'snippets', 'aria-live': 'polite'});
  return h('section', {class: 'card', 'aria-labelledby': `${name}-title`, 'data-generator': name},
    h('h2', {id: `${name}-title`}, title),
    h('p', {}, description),
    form({name, fields, submitLabel: 'Generate', onSubmit: async (request) => {
      const answer = await post(path, request);
      results.replaceChildren(...snippets.filter(([key]) => answer[key]).map(([key, label]) => snippet(label, answer[key], `${name}-${key}`)),
        note ?? '');
    }}),
    results);
}

export async function pixelsPage({view}) {
  view.append(pageTitle('Pixels and postbacks'));
  const body = h('div', {class: 'columns'}, loading('Loading the catalog'));
  view.append(body);
  const lists = await listsFor(body, ['affiliates', 'offers', 'creatives']);
  if (!lists) return;
  body.replaceChildren(
    generator({
      name: 'click-pixel', title: 'Click pixel (direct linking)', path: '/api/pixels/click', snippets: CLICK_SNIPPETS,
      description: 'For an affiliate who links straight to the landing page: the page carries one of these and reports the click.',
      fields: [
        {name: 'affiliateId', label: 'Affiliate', type: 'select', required: true, numeric: true, options: choices(lists.affiliates)},
        {name: 'creativeId', label: 'Creative', type: 'select', required: true, numeric: true, options: choices(lists.creatives),
          help: 'The affiliate needs a campaign on the creative\'s offer.'},
      ],
    }),
    generator({
      name: 'conversion-pixel', title: 'Conversion pixel and postback', path: '/api/pixels/conversion',
      snippets: CONVERSION_SNIPPETS,
      description: 'For the advertiser: a pixel on the thank-you page, or a postback their server calls.',
      fields: [{name: 'offerId', label: 'Offer', type: 'select', required: true, numeric: true, options: choices(lists.offers)}],
      note: h('p', {class: 'help'}, 'The advertiser fills in t (their transaction id) and p (the amount); in the postback '
        + '{click_id} is the click id the landing page received, and k is the advertiser\'s key: keep it private.'),
    }));
}
