// Sign in with the admin key or an affiliate's key. The key is tried on /api/me, which also says whose it is,
// before it is kept; an affiliate then sees its own reports, link generator and postbacks only.

import {ApiError, get, session} from './api.js';
import {h, notice} from './dom.js';
import {form} from './forms.js';
import {homeFor, navigate} from './router.js';

export async function loginPage({view, query}) {
  const next = query.get('next');
  const asked = next?.startsWith('#/') && !next.startsWith('#/login') ? next : null;
  view.append(h('div', {class: 'login card'},
    h('h1', {tabindex: '-1'}, 'Sign in to the tracker console'),
    query.has('expired') ? notice('info', 'Your session ended or the key changed: sign in again.') : null,
    form({
      name: 'login',
      fields: [{name: 'key', label: 'Admin or affiliate key', type: 'password', required: true, maxLength: 1000,
        autocomplete: 'current-password',
        help: './tracker prints the admin key at start (TRACKER_ADMIN_KEY when set); your network manager gives '
          + 'affiliates theirs. It is kept in this browser tab only.'}],
      submitLabel: 'Sign in',
      onSubmit: async ({key}) => {
        let me;
        try {
          me = await get('/api/me', {key});
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) throw new ApiError(401, ['That key was not accepted.']);
          throw error;
        }
        session.signIn(key, me.role);
        navigate(asked ?? homeFor(me.role));
      },
    })));
}
