import { request as httpRequest } from 'node:http';
import type { LookupFunction } from 'node:net';

/** Every *.localhost name is this machine, as browsers treat it (glibc may not). */
const lookupLocalhost: LookupFunction = (_hostname, options, callback) => {
  const all = typeof options === 'object' && options.all;
  if (all)
    (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address: '127.0.0.1', family: 4 },
    ]);
  else callback(null, '127.0.0.1', 4);
};

export interface BrowserResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  location?: string;
  body: string;
  url: string;
}

/**
 * What a test needs of a browser without rendering: host-only cookies kept per host name,
 * redirects followed by hand (so a test can look at each hop), forms posted. Any
 * *.localhost host reaches 127.0.0.1, so a municipality is addressed by its own host.
 */
export class HttpBrowser {
  /** host name → cookie name → value */
  readonly cookies = new Map<string, Map<string, string>>();

  async request(
    url: string,
    init: {
      method?: string;
      form?: Record<string, string | string[]>;
      /** A form with files (multipart/form-data), as a browser sends one. */
      multipart?: FormData;
      json?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<BrowserResponse> {
    const target = new URL(url);
    const jar = this.cookies.get(target.hostname);
    const headers: Record<string, string> = { Accept: 'text/html', ...init.headers };
    if (jar && jar.size > 0) headers.Cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | Buffer | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(init.form)) {
        for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
      }
      body = params.toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else if (init.multipart) {
      // The platform's own encoder writes the boundary and the parts.
      const encoded = new Request('http://encoder.invalid/', { method: 'POST', body: init.multipart });
      body = Buffer.from(await encoded.arrayBuffer());
      headers['Content-Type'] = encoded.headers.get('content-type')!;
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['Content-Type'] = 'application/json';
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        target,
        { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, lookup: lookupLocalhost },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            for (const cookie of res.headers['set-cookie'] ?? []) this.store(target.hostname, cookie);
            const location = res.headers.location ? new URL(res.headers.location, target).toString() : undefined;
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              location,
              body: Buffer.concat(chunks).toString(),
              url,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Follows redirects from a response until one that is not a redirect, or `until` matches. */
  async follow(response: BrowserResponse, until?: (url: string) => boolean): Promise<BrowserResponse> {
    let current = response;
    for (let hops = 0; hops < 10; hops++) {
      if (!current.location || (current.status < 300 && current.status >= 200)) return current;
      if (until?.(current.location)) return current;
      current = await this.request(current.location);
    }
    throw new Error(`too many redirects from ${response.url}`);
  }

  cookie(host: string, name: string): string | undefined {
    return this.cookies.get(host)?.get(name);
  }

  setCookie(host: string, name: string, value: string): void {
    if (!this.cookies.has(host)) this.cookies.set(host, new Map());
    this.cookies.get(host)!.set(name, value);
  }

  private store(host: string, header: string): void {
    const [pair, ...attributes] = header.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
    if (!this.cookies.has(host)) this.cookies.set(host, new Map());
    if (expired || value === '') this.cookies.get(host)!.delete(name);
    else this.cookies.get(host)!.set(name, value);
  }
}

/** The value of a named hidden field (a CSRF token) in a page. */
export function hiddenField(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}
