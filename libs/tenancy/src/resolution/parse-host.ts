/** What a Host header asks for: a tenant's subdomain of the platform, or a custom domain. */
export type HostLookup = { kind: 'subdomain'; slug: string } | { kind: 'domain'; hostname: string };

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Reads the Host header (the only place a tenant may come from). Returns null for a
 * missing or malformed host; a port and a trailing dot are ignored.
 */
export function parseHost(header: string | undefined, platformDomain: string): HostLookup | null {
  if (!header) return null;
  const host = header
    .trim()
    .toLowerCase()
    .replace(/:\d{1,5}$/, '')
    .replace(/\.$/, '');
  if (!HOSTNAME.test(host)) return null;
  const suffix = `.${platformDomain}`;
  if (host.endsWith(suffix)) {
    const label = host.slice(0, -suffix.length);
    if (!label.includes('.')) return { kind: 'subdomain', slug: label };
  }
  return { kind: 'domain', hostname: host };
}
