// The console's entry point: the pages and their addresses, the navigation, signing out, and what a 401 does.

import {onUnauthorized, session} from './api.js';
import {editPage, listPage} from './catalog.js';
import {compareReport} from './compare.js';
import {affiliateKeysPage, conversionReviewPage} from './lifecycle.js';
import {linkWizard} from './link-wizard.js';
import {loginPage} from './login.js';
import {offerCard} from './offer-card.js';
import {pixelsPage} from './pixels.js';
import {postbacksPage} from './postbacks.js';
import {clickReport, conversionReport, postbackReport} from './reports.js';
import {capsPage} from './traffic.js';
import {currentLocation, navigate, onNavigation, route, start} from './router.js';

route('/login', 'Sign in', loginPage, {isPublic: true});
route('/offers', 'Offers', listPage('offers'));
route('/offers/new', 'New offer', editPage('offers'));
route('/offers/:id', 'Offer', offerCard);
route('/offers/:id/:tab', 'Offer', offerCard);
for (const [kind, title] of [['advertisers', 'Advertisers'], ['affiliates', 'Affiliates'], ['campaigns', 'Campaigns'],
  ['creatives', 'Creatives'], ['events', 'Events']]) {
  route(`/${kind}`, title, listPage(kind));
  route(`/${kind}/:id`, title, editPage(kind));
}
route('/affiliates/:id/postbacks', 'Postbacks', postbacksPage);
route('/affiliates/:id/keys', 'API keys', affiliateKeysPage);
route('/postbacks', 'Postbacks', postbacksPage, {forAffiliates: true});
route('/links', 'Generate Unique Link', linkWizard, {forAffiliates: true});
route('/conversions/review', 'Conversion review', conversionReviewPage);
route('/pixels', 'Pixels and postbacks', pixelsPage);
route('/reports/clicks', 'Click report', clickReport, {forAffiliates: true});
route('/reports/conversions', 'Conversion report', conversionReport, {forAffiliates: true});
route('/reports/compare', 'Attribution model comparison', compareReport);
route('/reports/postbacks', 'Postback report', postbackReport);
route('/reports/caps', 'Caps', capsPage);

const shell = document.body;
const nav = document.getElementById('nav');
const menuButton = document.getElementById('menu-toggle');

onNavigation((path) => {
  shell.classList.toggle('signed-out', path === '/login');
  // an affiliate's navigation holds its own pages alone
  shell.classList.toggle('affiliate-view', path !== '/login' && session.isAffiliate());
  for (const link of nav.querySelectorAll('a')) {
    const target = link.getAttribute('href').slice(1);
    const here = path === target || path.startsWith(`${target}/`);
    if (here) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  menuButton.setAttribute('aria-expanded', 'false');
  nav.classList.remove('open');
});

onUnauthorized(() => {
  session.signOut();
  const {path, hash} = currentLocation();
  if (path !== '/login') location.replace(`#/login?expired=1&next=${encodeURIComponent(hash)}`);
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  navigate('#/login');
});

menuButton.addEventListener('click', () => {
  const open = menuButton.getAttribute('aria-expanded') !== 'true';
  menuButton.setAttribute('aria-expanded', String(open));
  nav.classList.toggle('open', open);
  if (open) nav.querySelector('a')?.focus();
});

// the skip link must not change the route: it only moves the focus
document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  (document.querySelector('#main h1') ?? document.getElementById('main')).focus();
});

start();
