// The admin + report API, called from the same origin with the key the user pasted at login: the admin key, or
// an affiliate's own. The key and who it is live in sessionStorage: gone when the tab closes, unseen by other tabs.

const KEY_ITEM = 'tracker.adminKey';
const ROLE_ITEM = 'tracker.role';

export const session = {
  key: () => sessionStorage.getItem(KEY_ITEM),
  /** 'admin', or 'affiliate' for an affiliate's key (its own reports, links and postbacks only). */
  role: () => sessionStorage.getItem(ROLE_ITEM) ?? 'admin',
  isAffiliate: () => sessionStorage.getItem(ROLE_ITEM) === 'affiliate',
  signIn: (key, role = 'admin') => {
    sessionStorage.setItem(KEY_ITEM, key);
    sessionStorage.setItem(ROLE_ITEM, role);
  },
  signOut: () => {
    sessionStorage.removeItem(KEY_ITEM);
    sessionStorage.removeItem(ROLE_ITEM);
  },
};

/** An answer the page shows as is: the API's own messages ({"error", "errors": [...]}) or what went wrong. */
export class ApiError extends Error {
  constructor(status, messages) {
    super(messages.join('; '));
    this.status = status;
    this.messages = messages;
  }
}

let unauthorizedHandler = () => {};
/** What to do when the API says the key is missing or wrong (the app sends the user back to login). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

let requestsInFlight = 0;
function showProgress(change) {
  requestsInFlight += change;
  document.getElementById('progress').hidden = requestsInFlight === 0;
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status line says enough
  }
  const messages = Array.isArray(body?.errors) && body.errors.length ? body.errors.map(String)
    : body?.error ? [String(body.error)]
      : response.status === 404 ? ['This server does not offer that yet (404).']
        : [`The tracker answered ${response.status} ${response.statusText}`.trim()];
  if (response.status === 503) messages.push('The tracker is starting or busy: it retries by itself.');
  return new ApiError(response.status, messages);
}

/**
 * Calls the API and returns the parsed JSON (or, with accept other than JSON, the Response). Live polls pass
 * quiet: true so that the progress bar only shows for what the user asked for.
 */
export async function call(method, path, body, {quiet = false, accept = 'application/json', key = session.key()} = {}) {
  const headers = {Accept: accept, Authorization: `Bearer ${key ?? ''}`};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (!quiet) showProgress(1);
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (error) {
    throw new ApiError(0, [`The tracker cannot be reached (${error.message}).`]);
  } finally {
    if (!quiet) showProgress(-1);
  }
  if (response.status === 401) {
    unauthorizedHandler();
    throw new ApiError(401, ['The key was not accepted (revoked?): sign in again.']);
  }
  if (!response.ok) throw await errorOf(response);
  return accept === 'application/json' ? response.json() : response;
}

export const get = (path, options) => call('GET', path, undefined, options);
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);
export const remove = (path) => call('DELETE', path);

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Saves a blob as a file the browser downloads. */
export function saveFile(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), {href: url, download: filename});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
