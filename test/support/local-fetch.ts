import { request as httpRequest } from 'node:http';
import type { LookupFunction } from 'node:net';

/** Every *.localhost name is this machine, as browsers treat it (glibc may not resolve them). */
const lookupLocalhost: LookupFunction = (_hostname, options, callback) => {
  if (typeof options === 'object' && options.all)
    (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address: '127.0.0.1', family: 4 },
    ]);
  else callback(null, '127.0.0.1', 4);
};

/**
 * A fetch that reaches a municipality at its own host (tartu.localhost) on this machine, for
 * clients that take a fetch of their own (the SDK). Plain HTTP, no redirects followed.
 */
export async function localFetch(input: Request): Promise<Response> {
  const url = new URL(input.url);
  const body = input.body ? Buffer.from(await input.arrayBuffer()) : undefined;
  const headers: Record<string, string> = {};
  input.headers.forEach((value, name) => (headers[name] = value));
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: input.method, headers, lookup: lookupLocalhost }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
            responseHeaders.append(name, one);
        }
        const status = res.statusCode ?? 0;
        const bytes = Buffer.concat(chunks);
        resolve(
          new Response([204, 304].includes(status) ? null : new Uint8Array(bytes), {
            status,
            headers: responseHeaders,
          }),
        );
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
