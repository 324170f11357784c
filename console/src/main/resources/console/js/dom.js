// Small DOM helpers: every page is built from these, never from HTML strings, so that no value from the API
// is ever parsed as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value == null) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  appendAll(element, children);
  return element;
}

function appendAll(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content, with h()'s rules for children (null and false are left out, lists spread). */
export function replace(element, ...children) {
  element.replaceChildren();
  appendAll(element, children);
}

/** An HTML element: h('a', {href: '#/offers', onclick: fn}, 'text', child, [more children]). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element, same call shape as h(). */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

let uniqueIds = 0;
/** A fresh element id with a readable prefix, for label/for and aria-describedby pairs. */
export function uniqueId(prefix) {
  uniqueIds += 1;
  return `${prefix}-${uniqueIds}`;
}

/** Disables a button and shows a spinner on it while the promise runs; returns the promise's value. */
export async function whileBusy(button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** A placeholder that says something is on its way (every wait shows one). */
export function loading(what = 'Loading') {
  return h('p', {class: 'loading', role: 'status'}, h('span', {class: 'spinner', 'aria-hidden': 'true'}), `${what}…`);
}

/** A message box: kind is 'error', 'info' or 'success'. Errors are announced at once. */
export function notice(kind, title, messages = []) {
  return h('div', {class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', tabindex: '-1'},
    h('p', {class: 'notice-title'}, title),
    messages.length ? h('ul', {}, messages.map((message) => h('li', {}, message))) : null);
}

/** An error box for a failed call: the API's own messages when it gave some. */
export function errorNotice(title, error) {
  return notice('error', title, error.messages ?? [String(error.message ?? error)]);
}

/** Copies text, also where the Clipboard API is missing (plain http on another host is not a secure context). */
async function copyText(text, fallbackField) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  fallbackField.focus();
  fallbackField.select();
  if (!document.execCommand('copy')) throw new Error('copy refused');
}

/**
 * A read-only snippet with its label and a Copy button: what a manager pastes into an email or a page.
 * The text is in a textarea so that it can also be selected by hand.
 */
export function snippet(label, text, name) {
  const fieldId = uniqueId(`snippet-${name}`);
  const field = h('textarea', {id: fieldId, class: 'snippet-text', readonly: true, rows: text.length > 90 ? 3 : 1,
    spellcheck: 'false', 'data-snippet': name});
  field.value = text;
  const status = h('span', {class: 'copy-status', role: 'status'});
  const button = h('button', {type: 'button', class: 'button secondary', 'aria-describedby': fieldId, onclick: async () => {
    try {
      await copyText(field.value, field);
      status.textContent = 'Copied';
    } catch {
      status.textContent = 'Copy failed: select the text and press Ctrl+C';
    }
    setTimeout(() => { status.textContent = ''; }, 3000);
  }}, 'Copy');
  return h('div', {class: 'snippet'}, h('label', {for: fieldId}, label), field, h('div', {class: 'snippet-actions'}, button, status));
}

/** A page heading that takes focus after navigation, so keyboard and screen reader users land on it. */
export function pageTitle(text, ...extra) {
  return h('div', {class: 'page-head'}, h('h1', {tabindex: '-1'}, text), ...extra);
}

/** A status badge for ACTIVE / PAUSED. */
export function statusBadge(status) {
  return status ? h('span', {class: `badge badge-${status.toLowerCase()}`}, status === 'ACTIVE' ? 'Active' : 'Paused') : '—';
}
