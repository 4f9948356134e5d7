import { isPrivateAddress, publicOnlyLookup, webhookUrlProblem } from './webhook-target.js';

describe('where a webhook may point', () => {
  it('in production: https to public hosts only', () => {
    const strict = (url: string) => webhookUrlProblem(url, 'strict');
    expect(strict('https://records.example.eu/townhall/webhooks')).toBeNull();
    expect(strict('https://203.0.114.7:8443/hooks')).toBeNull();
    expect(strict('https://[2a00:1450:4001:80e::200e]/hooks')).toBeNull();
    expect(strict('http://records.example.eu/hooks')).toBe('https');
    for (const internal of [
      'https://localhost/hooks',
      'https://app.localhost/hooks',
      'https://sandbox:4000/hooks',
      'https://printer.local/hooks',
      'https://records.internal/hooks',
      'https://127.0.0.1/hooks',
      'https://10.1.2.3/hooks',
      'https://172.20.0.5/hooks',
      'https://192.168.1.10/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/hooks',
      'https://0.0.0.0/hooks',
      'https://[::1]/hooks',
      'https://[fd00::1]/hooks',
      'https://[fe80::1]/hooks',
      'https://[::ffff:10.0.0.1]/hooks',
    ]) {
      expect({ internal, problem: strict(internal) }).toEqual({ internal, problem: 'private' });
    }
  });

  it('in development: http only to loopback and single-label hosts, https anywhere', () => {
    const dev = (url: string) => webhookUrlProblem(url, 'development');
    expect(dev('http://localhost:4000/webhooks/v1/receive/tartu')).toBeNull();
    expect(dev('http://127.0.0.1:4000/x')).toBeNull();
    expect(dev('http://[::1]:4000/x')).toBeNull();
    expect(dev('http://tartu.localhost:4000/x')).toBeNull();
    expect(dev('http://sandbox:4000/x')).toBeNull();
    expect(dev('https://10.0.0.5/x')).toBeNull();
    expect(dev('http://records.example.eu/x')).toBe('https-or-localhost');
    expect(dev('http://10.0.0.5/x')).toBe('https-or-localhost');
  });

  it('never: not a URL, another scheme, credentials, a fragment, too long', () => {
    for (const mode of ['strict', 'development'] as const) {
      expect(webhookUrlProblem('records.example.eu/hooks', mode)).toBe('invalid');
      expect(webhookUrlProblem('ftp://records.example.eu/hooks', mode)).toBe('invalid');
      expect(webhookUrlProblem('javascript:alert(1)', mode)).toBe('invalid');
      expect(webhookUrlProblem('https://user:pw@records.example.eu/hooks', mode)).toBe('credentials');
      expect(webhookUrlProblem('https://records.example.eu/hooks#x', mode)).toBe('fragment');
      expect(webhookUrlProblem(`https://records.example.eu/${'a'.repeat(2000)}`, mode)).toBe('length');
    }
  });

  it('knows private addresses of both families', () => {
    const embedding = ['::7f00:1', '2002:7f00:1::1', '64:ff9b::a00:1', '64:ff9b:1::a00:1']; // IPv4 inside IPv6
    for (const address of [
      '10.0.0.1',
      '127.0.0.1',
      '192.168.0.1',
      '::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      ...embedding,
      'nonsense',
    ]) {
      expect({ address, private: isPrivateAddress(address) }).toEqual({ address, private: true });
    }
    for (const address of ['8.8.8.8', '193.40.5.1', '2001:4860:4860::8888']) {
      expect({ address, private: isPrivateAddress(address) }).toEqual({ address, private: false });
    }
  });

  it('refuses at connect time a name that resolves to a private address', async () => {
    const looked = await new Promise<{ error: NodeJS.ErrnoException | null }>((resolve) =>
      publicOnlyLookup('localhost', {}, (error) => resolve({ error })),
    );
    expect(looked.error?.code).toBe('EWEBHOOKPRIVATE');
    // Which address it was is not told (an admin reads the log).
    expect(looked.error?.message).toBe('localhost resolves to a private or reserved address');
  });
});
