import type { INestApplication } from '@nestjs/common';
import { createHttpApp, loadConfig } from '@townhall/platform';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { sandboxClientSecret } from '../../apps/sandbox/src/identity/sandbox-providers.js';
import { SandboxConfig } from '../../apps/sandbox/src/sandbox.config.js';
import { SandboxModule } from '../../apps/sandbox/src/sandbox.module.js';
import { axeViolations, openBrowser } from '../support/browser.js';
import { freePort } from '../support/processes.js';

/**
 * The sandbox's identity providers are real OpenID Connect providers: discovery, JWKS, the
 * authorization-code flow through the persona picker, signed ID tokens carrying the level of
 * assurance. Followed here as a relying party would, redirect by redirect.
 */
describe('sandbox identity providers', () => {
  let sandbox: INestApplication;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    const config = loadConfig(SandboxConfig, {
      SANDBOX_PUBLIC_URL: base,
      SANDBOX_SMTP_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    sandbox = await createHttpApp(SandboxModule.forRoot(config), {
      title: 'sandbox',
      description: 'test',
      logger: false,
      swaggerUi: false,
      crossSiteFormRedirects: true,
    });
    await sandbox.listen(port, '127.0.0.1');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** A browser's cookie jar, enough for one provider. */
  class Browser {
    private readonly cookies = new Map<string, string>();

    async fetch(url: string, init: RequestInit = {}): Promise<Response> {
      const headers = new Headers(init.headers);
      if (this.cookies.size > 0)
        headers.set('Cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
      const response = await fetch(new URL(url, base), { ...init, headers, redirect: 'manual' });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair.indexOf('=');
        this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return response;
    }
  }

  const REDIRECT = 'http://tartu.localhost:3000/auth/callback';

  async function authorize(browser: Browser, provider: string, clientId: string, acr = 'substantial') {
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid profile email',
      redirect_uri: REDIRECT,
      state: 'state-123',
      nonce: 'nonce-456',
      acr_values: acr,
    });
    const start = await browser.fetch(`/${provider}/auth?${query}`);
    expect(start.status).toBe(303);
    const picker = start.headers.get('location')!;
    const page = await browser.fetch(picker);
    expect(page.status).toBe(200);
    return { picker, html: await page.text() };
  }

  async function submit(browser: Browser, picker: string, form: Record<string, string>) {
    return browser.fetch(`${picker}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Follows the provider's redirects until it sends the browser back to the client. */
  async function codeFrom(browser: Browser, response: Response): Promise<URL> {
    let current = response;
    for (let hops = 0; hops < 5; hops++) {
      const location = current.headers.get('location');
      expect(location).toBeTruthy();
      if (location!.startsWith(REDIRECT)) return new URL(location!);
      current = await browser.fetch(location!);
    }
    throw new Error('no redirect back to the client');
  }

  async function exchange(provider: string, clientId: string, code: string) {
    // client_secret_post, as passport-openidconnect authenticates.
    return fetch(`${base}/${provider}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: clientId,
        client_secret: sandboxClientSecret(clientId),
      }).toString(),
    });
  }

  it('publishes discovery and a JWKS for each provider, with the levels of assurance', async () => {
    for (const provider of ['eid', 'staff', 'operators']) {
      const discovery = (await (await fetch(`${base}/${provider}/.well-known/openid-configuration`)).json()) as Record<
        string,
        unknown
      >;
      expect(discovery.issuer).toBe(`${base}/${provider}`);
      expect(discovery.acr_values_supported).toEqual(['low', 'substantial', 'high']);
      const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: { kid: string }[] };
      expect(jwks.keys[0].kid).toBeTruthy();
    }
  });

  it('logs a citizen in through the persona picker and signs an ID token with their code and level', async () => {
    const browser = new Browser();
    const { picker, html } = await authorize(browser, 'eid', 'tartu-portal', 'high');
    expect(html).toContain('Maarja Kask');
    expect(html).toContain('Lucas Martin');
    const done = await submit(browser, picker, { persona: 'mari-maasikas', level: 'high' });
    const callback = await codeFrom(browser, done);
    expect(callback.searchParams.get('state')).toBe('state-123');

    const tokens = (await (await exchange('eid', 'tartu-portal', callback.searchParams.get('code')!)).json()) as {
      id_token: string;
    };
    const jwks = createRemoteJWKSet(new URL(`${base}/eid/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
      issuer: `${base}/eid`,
      audience: 'tartu-portal',
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: `EE${String(payload.personal_code)}`,
      acr: 'high',
      nonce: 'nonce-456',
      given_name: 'Mari',
      family_name: 'Maasikas',
      personal_code_country: 'EE',
    });
    expect(String(payload.personal_code)).toMatch(/^4800108\d{4}$/);

    // A code is good once.
    expect((await exchange('eid', 'tartu-portal', callback.searchParams.get('code')!)).status).toBe(400);
  });

  it('refuses a picker form without a persona, naming the field, and a wrong client secret', async () => {
    const browser = new Browser();
    const { picker } = await authorize(browser, 'eid', 'tartu-portal');
    const refused = await submit(browser, picker, { level: 'low' });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('There is a problem');
    expect(page).toContain('href="#persona"');

    const token = await fetch(`${base}/eid/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('tartu-portal:wrong').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=authorization_code&code=x&redirect_uri=' + encodeURIComponent(REDIRECT),
    });
    expect(token.status).toBe(401);
  });

  it('logs an operator in only with the one-time code, at level high', async () => {
    const browser = new Browser();
    const { picker, html } = await authorize(browser, 'operators', 'townhall-admin', 'high');
    const code = /expects: (\d{6})/.exec(html)![1];
    const wrong = await submit(browser, picker, {
      persona: 'olga-operator',
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Enter the one-time code');

    const done = await submit(browser, picker, { persona: 'olga-operator', code });
    const callback = await codeFrom(browser, done);
    const tokens = (await (
      await exchange('operators', 'townhall-admin', callback.searchParams.get('code')!)
    ).json()) as {
      id_token: string;
    };
    const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(`${base}/operators/jwks`)), {
      issuer: `${base}/operators`,
      audience: 'townhall-admin',
    });
    expect(payload).toMatchObject({ sub: 'olga-operator', acr: 'high', email: 'olga@platform.example.eu' });
    expect(payload.amr).toEqual(['pwd', 'otp']);
  });

  it('serves a persona picker that passes axe-core in Chromium, also when it shows errors', async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      const query = new URLSearchParams({
        client_id: 'tartu-portal',
        response_type: 'code',
        scope: 'openid profile',
        redirect_uri: REDIRECT,
        state: 's',
        nonce: 'n',
      });
      await page.goto(`${base}/eid/auth?${query}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // Submitted without a persona: the error summary links to the field, and still no violation.
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByText('There is a problem').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel(/Mari Maasikas/).check();
      // Back to the client: nothing listens at tartu.localhost:3000 here, but the request carries the code.
      const [back] = await Promise.all([
        page.waitForRequest((request) => request.url().startsWith(REDIRECT)),
        page.getByRole('button', { name: 'Log in' }).click(),
      ]);
      expect(back.url()).toMatch(/^http:\/\/tartu\.localhost:3000\/auth\/callback\?code=[^&]+&state=s/);
    } finally {
      await browser.close();
    }
  });

  it('refuses a redirect outside the platform domain', async () => {
    const query = new URLSearchParams({
      client_id: 'tartu-portal',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'https://attacker.example.com/callback',
      state: 's',
      nonce: 'n',
    });
    const response = await fetch(`${base}/eid/auth?${query}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
  });
});
