// An affiliate's postbacks (or every affiliate's): the URLs called for each credit of their conversions, for one
// offer or all, one event or all. Add and edit with a token picker that puts tokens into the URL where the caret
// is, pause and activate, and send a test call that shows what the affiliate's server answered.

import {get, post, put} from './api.js';
import {choices, listsFor, STATUS_OPTIONS} from './catalog.js';
import {errorNotice, h, loading, notice, pageTitle, replace, statusBadge, whileBusy} from './dom.js';
import {named} from './format.js';
import {form} from './forms.js';

const URL_HELP = 'An http(s) address of the affiliate\'s server. Tokens (below) are filled in per conversion and '
  + 'URL-encoded; #leadid# is the id to deduplicate by.';

function fields(lists, affiliateFixed) {
  return [
    affiliateFixed ? null : {name: 'affiliateId', label: 'Affiliate', type: 'select', required: true, numeric: true,
      options: choices(lists.affiliates)},
    {name: 'offerId', label: 'Offer', type: 'select', numeric: true, options: choices(lists.offers),
      emptyLabel: 'All offers'},
    {name: 'event', label: 'Event', maxLength: 100, placeholder: 'sale',
      help: 'The conversion\'s event code (e). Leave empty for every event.'},
    // a text input, not type=url: the token picker needs the caret, which url inputs do not expose
    {name: 'url', label: 'Postback URL', type: 'url', inputType: 'text', required: true, maxLength: 2048,
      placeholder: 'https://affiliate.example/postback?lead=#leadid#&payout=#price#', help: URL_HELP},
    {name: 'status', label: 'Status', type: 'select', required: true, options: STATUS_OPTIONS},
  ].filter(Boolean);
}

/** Buttons that put a token into the URL field where its caret is (or at its end). */
function tokenPicker(input, tokens) {
  const insert = (token) => {
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? start;
    input.setRangeText(token, start, end, 'end');
    input.focus();
    input.dispatchEvent(new Event('input', {bubbles: true}));
  };
  return h('div', {class: 'token-picker', role: 'group', 'aria-label': 'Insert a token into the postback URL'},
    h('p', {class: 'help'}, 'Insert a token:'),
    tokens.map((token) => h('button', {type: 'button', class: 'button small secondary token', title: token.description,
      'aria-label': `Insert ${token.token}: ${token.description}`, 'data-token': token.token,
      onclick: () => insert(token.token)}, token.token)));
}

/** What a test call gave, in words: the status and time, the URL as sent and the first bytes of the answer. */
function testResult(result) {
  const box = result.delivered
    ? notice('success', `Delivered: the server answered ${result.httpStatus} in ${result.millis} ms.`)
    : notice('error', `Not delivered: ${result.error}`);
  box.append(h('p', {class: 'sent'}, 'Sent: ', h('code', {class: 'url'}, result.url ?? '—')),
    result.bodyExcerpt ? h('pre', {class: 'excerpt', 'data-excerpt': ''}, result.bodyExcerpt) : '');
  return box;
}

export async function postbacksPage({view, params}) {
  const affiliateId = params.id ? Number(params.id) : null;
  view.append(pageTitle(affiliateId ? `Postbacks of affiliate #${affiliateId}` : 'Postbacks'),
    h('p', {class: 'lead'}, 'Each attributed conversion calls the postbacks of the affiliates it credits, once per '
      + 'credit, and retries for an hour until the affiliate\'s server answers 2xx.'));
  const body = h('div', {class: 'tab-panel'}, loading('Loading the postbacks'));
  view.append(body);
  const lists = await listsFor(body, ['postbacks', 'affiliates', 'offers']);
  if (!lists) return;
  let tokens = [];
  try {
    tokens = await get('/api/postbacks/tokens');
  } catch (error) {
    body.replaceChildren(errorNotice('Could not load the postback tokens:', error));
    return;
  }
  if (affiliateId) view.querySelector('h1').textContent = `Postbacks of ${named(lists.affiliates, affiliateId)}`;
  const mine = () => lists.postbacks.filter((p) => affiliateId == null || p.affiliateId === affiliateId);
  let editing = null;
  let flash = null;

  function row(postback) {
    const paused = postback.status === 'PAUSED';
    const result = h('div', {'data-test-result': postback.id, 'aria-live': 'polite'});
    const test = h('button', {type: 'button', class: 'button small secondary',
      'aria-label': `Send a test call for postback ${postback.id}`}, 'Send a test call');
    test.addEventListener('click', () => whileBusy(test, async () => {
      replace(result, loading('Calling the affiliate\'s server'));
      try {
        replace(result, testResult(await post(`/api/postbacks/${postback.id}/test`)));
      } catch (error) {
        replace(result, errorNotice('The test call could not be made:', error));
      }
    }));
    const toggle = h('button', {type: 'button', class: 'button small secondary',
      'aria-label': `${paused ? 'Activate' : 'Pause'} postback ${postback.id}`}, paused ? 'Activate' : 'Pause');
    toggle.addEventListener('click', () => whileBusy(toggle, async () => {
      try {
        const updated = await put(`/api/postbacks/${postback.id}`, {status: paused ? 'ACTIVE' : 'PAUSED'});
        lists.postbacks = lists.postbacks.map((p) => (p.id === updated.id ? updated : p));
        render();
      } catch (error) {
        result.replaceChildren(errorNotice('Could not change the status:', error));
      }
    }));
    const edit = h('button', {type: 'button', class: 'button small secondary',
      'aria-label': `Edit postback ${postback.id}`, onclick: () => { editing = postback; flash = null; render(); }}, 'Edit');
    return h('tr', {'data-id': postback.id},
      h('td', {class: 'num'}, postback.id),
      affiliateId ? null : h('td', {}, h('a', {href: `#/affiliates/${postback.affiliateId}/postbacks`},
        named(lists.affiliates, postback.affiliateId))),
      h('td', {}, postback.offerId == null ? 'All offers' : named(lists.offers, postback.offerId)),
      h('td', {}, postback.event ?? 'All events'),
      h('td', {}, h('code', {class: 'url'}, postback.url)),
      h('td', {}, statusBadge(postback.status)),
      h('td', {}, h('div', {class: 'actions'}, edit, toggle, test), result));
  }

  function table() {
    const postbacks = mine();
    return h('div', {class: 'table-wrap'}, h('table', {class: 'table', 'data-table': 'postbacks'},
      h('thead', {}, h('tr', {}, ['ID', affiliateId ? null : 'Affiliate', 'Offer', 'Event', 'URL', 'Status']
        .filter(Boolean).map((heading) => h('th', {scope: 'col'}, heading)),
        h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
      postbacks.length ? h('tbody', {}, postbacks.map(row))
        : h('tbody', {}, h('tr', {}, h('td', {colspan: 99, class: 'empty'}, 'No postbacks yet.')))));
  }

  function editor() {
    const fixed = affiliateId ? {affiliateId} : {};
    const editorForm = form({
      name: 'postback',
      fields: fields(lists, affiliateId != null),
      values: editing ?? {status: 'ACTIVE', ...fixed},
      submitLabel: editing ? 'Save changes' : 'Create postback',
      extraButtons: editing ? [h('button', {type: 'button', class: 'button secondary',
        onclick: () => { editing = null; render(); }}, 'Cancel')] : [],
      onSubmit: async (data) => {
        const request = {...data, ...fixed, event: data.event ?? null, offerId: data.offerId ?? null};
        const saved = editing ? await put(`/api/postbacks/${editing.id}`, request) : await post('/api/postbacks', request);
        lists.postbacks = [...lists.postbacks.filter((p) => p.id !== saved.id), saved].sort((a, b) => a.id - b.id);
        flash = `${editing ? 'Saved' : 'Created'} postback #${saved.id}.`;
        editing = null;
        render();
      },
    });
    editorForm.querySelector('[data-field=url]').append(tokenPicker(editorForm.elements.url, tokens));
    const title = editing ? `Edit postback #${editing.id}` : 'Add a postback';
    return h('section', {class: 'card', 'aria-labelledby': 'postback-editor'}, h('h2', {id: 'postback-editor'}, title),
      editorForm);
  }

  function render() {
    replace(body, flash ? notice('success', flash) : null, table(), editor());
    if (editing) body.querySelector('#postback-editor').scrollIntoView({block: 'nearest'});
  }
  render();
}
