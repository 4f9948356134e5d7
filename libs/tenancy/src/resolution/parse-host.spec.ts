import { parseHost } from './parse-host.js';

describe('parseHost', () => {
  it('reads a subdomain of the platform domain, ignoring port, case and a trailing dot', () => {
    expect(parseHost('tartu.localhost:3000', 'localhost')).toEqual({ kind: 'subdomain', slug: 'tartu' });
    expect(parseHost('Stara-Zagora.Example.EU.', 'example.eu')).toEqual({ kind: 'subdomain', slug: 'stara-zagora' });
  });

  it('treats anything else as a custom domain', () => {
    expect(parseHost('e-services.tartu.ee', 'localhost')).toEqual({ kind: 'domain', hostname: 'e-services.tartu.ee' });
    expect(parseHost('a.b.localhost', 'localhost')).toEqual({ kind: 'domain', hostname: 'a.b.localhost' });
    expect(parseHost('localhost:3000', 'localhost')).toEqual({ kind: 'domain', hostname: 'localhost' });
  });

  it('refuses missing and malformed hosts', () => {
    for (const bad of [
      undefined,
      '',
      ' ',
      'tartu.localhost:abc',
      'tar tu.localhost',
      '[::1]:3000',
      "x'--.localhost",
      'a..b',
    ]) {
      expect(parseHost(bad, 'localhost')).toBeNull();
    }
  });
});
