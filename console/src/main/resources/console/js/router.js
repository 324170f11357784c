// Hash routes (#/offers/3/campaigns?x=1): the server only ever serves the one page, and a reload or a
// bookmark lands on the same view. A page is a function ({view, params, query}) that fills its view.

import {session} from './api.js';
import {errorNotice, h} from './dom.js';

const routes = [];
const navigationListeners = [];
let shown = false;
export const HOME = '#/offers';
const AFFILIATE_HOME = '#/reports/clicks';

/** Where a role starts: the admin at the offers, an affiliate at its click report. */
export const homeFor = (role) => (role === 'affiliate' ? AFFILIATE_HOME : HOME);

/**
 * Registers a page for a path pattern with :named segments. Public pages are shown without a key; only pages
 * marked forAffiliates are shown to an affiliate's key (the API refuses it the rest anyway).
 */
export function route(pattern, title, page, {isPublic = false, forAffiliates = false} = {}) {
  const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
  routes.push({regex, title, page, isPublic, forAffiliates});
}

export function onNavigation(listener) {
  navigationListeners.push(listener);
}

/** Where the user is: the path and query of the hash. */
export function currentLocation() {
  const [path, search = ''] = (location.hash.slice(1) || '/').split('?');
  return {path, query: new URLSearchParams(search), hash: location.hash || '#/'};
}

/** Goes to a hash route; going to the page already shown shows it again (fresh data). */
export function navigate(hash) {
  if (location.hash === hash) {
    show();
  } else {
    location.hash = hash;
  }
}

/** Changes the address without showing the page again (a report keeps its state while its query changes). */
export function replaceQuery(path, search) {
  history.replaceState(null, '', `#${path}${search}`);
}

function find(path) {
  for (const candidate of routes) {
    const match = candidate.regex.exec(path);
    if (match) return {...candidate, params: match.groups ?? {}};
  }
  return null;
}

async function show() {
  const {path, query, hash} = currentLocation();
  const found = find(path);
  if (!found || (session.isAffiliate() && !found.isPublic && !found.forAffiliates)) {
    location.replace(homeFor(session.role()));
    return;
  }
  if (!found.isPublic && !session.key()) {
    location.replace(`#/login?next=${encodeURIComponent(hash)}`);
    return;
  }
  const view = h('div', {class: 'view'});
  document.getElementById('main').replaceChildren(view);
  document.title = `${found.title} · Tracker console`;
  navigationListeners.forEach((listener) => listener(path));
  const rendering = found.page({view, params: found.params, query});
  // after a move inside the console, the focus goes to the new heading (it is there before the page waits for
  // data); a fresh load leaves it at the top of the document, where the skip link is
  if (shown) view.querySelector('h1')?.focus();
  shown = true;
  try {
    await rendering;
  } catch (error) {
    view.append(errorNotice('This page failed:', error));
  }
}

export function start() {
  window.addEventListener('hashchange', show);
  show();
}
