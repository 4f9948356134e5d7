// Logins for the bench, as a browser makes them (test/support/http-browser.ts and
// test/support/sandbox.ts pickPersona, in plain Node): start the login at the app, pick a
// persona on the sandbox provider's page, follow the redirects back. Cookies are kept per host
// name; redirects are followed by hand so each hop keeps its host's cookies.
import http from 'node:http';
import { LauncherError } from '../lib/proc.mjs';

/** Every *.localhost name is this machine, as browsers treat it (Node's resolver may not). */
function lookupLocalhost(_hostname, options, callback) {
  if (typeof options === 'object' && options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}

/** A browser without rendering: host-only cookies per host name, forms posted, no redirects followed. */
export class Browser {
  /** host name → cookie name → value */
  cookies = new Map();

  /** @returns {Promise<{ status: number, location?: string, body: string, url: string }>} */
  request(url, { form, headers = {} } = {}) {
    const target = new URL(url);
    const jar = this.cookies.get(target.hostname);
    const sent = { accept: 'text/html', ...headers };
    if (jar?.size) sent.cookie = this.cookieHeader(target.hostname);
    const body = form ? new URLSearchParams(form).toString() : undefined;
    if (body !== undefined) sent['content-type'] = 'application/x-www-form-urlencoded';
    return new Promise((resolve, reject) => {
      const req = http.request(
        target,
        { method: body === undefined ? 'GET' : 'POST', headers: sent, lookup: lookupLocalhost, agent: false },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            for (const cookie of res.headers['set-cookie'] ?? []) this.store(target.hostname, cookie);
            resolve({
              status: res.statusCode,
              location: res.headers.location ? new URL(res.headers.location, target).toString() : undefined,
              body: Buffer.concat(chunks).toString('utf8'),
              url,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Follows redirects until an answer that is not one, or until `until(location)` holds. */
  async follow(response, until) {
    let current = response;
    for (let hops = 0; hops < 10; hops++) {
      if (!current.location || (current.status >= 200 && current.status < 300)) return current;
      if (until?.(current.location)) return current;
      current = await this.request(current.location);
    }
    throw new LauncherError(`too many redirects from ${response.url}`);
  }

  /** The Cookie header this browser sends to a host. */
  cookieHeader(host) {
    return [...(this.cookies.get(host) ?? [])].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(host, header) {
    const [pair, ...attributes] = header.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
    if (!this.cookies.has(host)) this.cookies.set(host, new Map());
    if (expired || value === '') this.cookies.get(host).delete(name);
    else this.cookies.get(host).set(name, value);
  }
}

/** The value of a named hidden field (a CSRF token) in a page. */
export function hiddenField(html, name) {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

/**
 * Logs a persona in: starts the login at `start` (the app's /auth/login or
 * /office/auth/login), picks the persona and level on the sandbox's page, follows the
 * provider's redirects to the app's callback and visits it (the app answers 303 with the
 * session cookie). Returns the browser, now holding the app's session cookie.
 */
export async function logIn(start, form) {
  const browser = new Browser();
  const started = await browser.request(start);
  if (started.status !== 302 || !started.location) {
    throw new LauncherError(`login start ${start} answered ${started.status}: ${started.body.slice(0, 300)}`);
  }
  const picker = await browser.follow(await browser.request(started.location));
  if (picker.status !== 200) throw new LauncherError(`the provider's page answered ${picker.status}`);
  const code = /The sandbox shows the code it expects: (\d+)/.exec(picker.body)?.[1];
  const picked = await browser.request(`${picker.url}/login`, { form: { ...(code ? { code } : {}), ...form } });
  const back = await browser.follow(picked, (url) => url.includes('/auth/callback'));
  if (!back.location?.includes('/auth/callback')) {
    throw new LauncherError(`the provider did not send the browser back: ${back.status} ${back.body.slice(0, 300)}`);
  }
  const done = await browser.request(back.location);
  if (done.status !== 303) {
    throw new LauncherError(`the login callback answered ${done.status}: ${done.body.slice(0, 300)}`);
  }
  return browser;
}
