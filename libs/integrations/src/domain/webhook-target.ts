import { lookup as dnsLookup, type LookupAddress, type LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may point. In production (`strict`): https only, and only to public
 * addresses: not localhost, not a name without a dot (an internal service: `redis`, `sandbox`),
 * not `.local`, `.internal`, `.lan`, `.home.arpa`, not an IP address of a private, loopback,
 * link-local, shared (CGNAT), documentation or multicast range; and when a delivery is sent,
 * every address the name resolves to is checked the same way (a public name pointing into
 * the private network is refused at connect time). Redirects are never followed.
 * In development and tests: also http, but only to loopback hosts (`localhost`, `*.localhost`,
 * 127.0.0.0/8, [::1]) and names without a dot (the sandbox in the compose file), and https to
 * any host.
 * Either way: an absolute URL of at most 2000 characters, without user name, password or
 * fragment (the signature authenticates Townhall; a password in a URL would be kept in clear).
 */
export type WebhookTargetMode = 'strict' | 'development';

export function webhookTargetMode(nodeEnv: string): WebhookTargetMode {
  return nodeEnv === 'production' ? 'strict' : 'development';
}

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // IPv4-compatible (::a.b.c.d), NAT64 (well-known and local-use) and 6to4 addresses embed an IPv4 one.
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2002::', 16],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;
const INTERNAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa'];

/** Whether an IP address is one a webhook must not reach in production. */
export function isPrivateAddress(address: string): boolean {
  const mapped = MAPPED_V4.exec(address)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Why a webhook's URL is refused, and the API's words for it (pages translate the code). */
export const WEBHOOK_URL_PROBLEMS = {
  invalid: 'url must be an absolute http(s) URL, e.g. https://records.example.eu/townhall/webhooks',
  length: 'url must be at most 2000 characters',
  credentials: 'url must not contain a user name or password',
  fragment: 'url must not contain a fragment (#…)',
  https: 'url must use https',
  'https-or-localhost': 'url must use https (http only to localhost, in development)',
  private: 'url must point to a public address, not to this server or a private network',
} as const;
export type WebhookUrlProblem = keyof typeof WEBHOOK_URL_PROBLEMS;

/** What is wrong with a webhook's URL (see WEBHOOK_URL_PROBLEMS); null when it may be used. */
export function webhookUrlProblem(raw: string, mode: WebhookTargetMode): WebhookUrlProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (raw.length > 2000) return 'length';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'invalid';
  if (url.username || url.password) return 'credentials';
  if (url.hash || raw.includes('#')) return 'fragment';
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (!host) return 'invalid';
  const singleLabel = isIP(host) === 0 && !host.includes('.');
  if (mode === 'strict') {
    if (url.protocol !== 'https:') return 'https';
    const internalName =
      singleLabel || INTERNAL_SUFFIXES.some((suffix) => host === suffix.slice(1) || host.endsWith(suffix));
    if (internalName || (isIP(host) !== 0 && isPrivateAddress(host))) return 'private';
    return null;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(host) && !singleLabel) return 'https-or-localhost';
  return null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses names resolving to a private address (strict
 * mode): checked on the addresses actually connected to, so a name changed after the
 * subscription was made (DNS rebinding) cannot reach the private network either.
 */
export function publicOnlyLookup(
  hostname: string,
  options: LookupOneOptions & { all?: boolean },
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked || addresses.length === 0) {
      // Which address is not said: an admin must not map the internal network through the log.
      const refused = Object.assign(new Error(`${hostname} resolves to a private or reserved address`), {
        code: 'EWEBHOOKPRIVATE',
      });
      return callback(refused, '');
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
}
