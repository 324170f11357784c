// Sign in with the admin key: the API's only credential. The key is tried on a cheap API call before it is kept.

import {ApiError, get, session} from './api.js';
import {h, notice} from './dom.js';
import {form} from './forms.js';
import {HOME, navigate} from './router.js';

export async function loginPage({view, query}) {
  const next = query.get('next');
  const target = next?.startsWith('#/') && !next.startsWith('#/login') ? next : HOME;
  view.append(h('div', {class: 'login card'},
    h('h1', {tabindex: '-1'}, 'Sign in to the tracker console'),
    query.has('expired') ? notice('info', 'Your session ended or the key changed: sign in again.') : null,
    form({
      name: 'login',
      fields: [{name: 'key', label: 'Admin key', type: 'password', required: true, maxLength: 1000,
        autocomplete: 'current-password',
        help: './tracker prints it at start (TRACKER_ADMIN_KEY when set). It is kept in this browser tab only.'}],
      submitLabel: 'Sign in',
      onSubmit: async ({key}) => {
        try {
          await get('/api/settings', {key});
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) throw new ApiError(401, ['That admin key was not accepted.']);
          throw error;
        }
        session.signIn(key);
        navigate(target);
      },
    })));
}
