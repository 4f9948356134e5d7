import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createHttpApp, loadConfig } from '@townhall/platform';
import { CITIZENS } from '../../apps/sandbox/src/identity/personas.js';
import { SandboxConfig } from '../../apps/sandbox/src/sandbox.config.js';
import { SandboxModule } from '../../apps/sandbox/src/sandbox.module.js';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { freePort } from '../support/processes.js';
import { HttpBrowser, hiddenField, type BrowserResponse } from '../support/http-browser.js';
import { RogueProvider, type RogueMode } from '../support/rogue-provider.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Citizens' login at a municipality through its national eID, end to end: the api and the
 * sandbox's real OpenID Connect provider (oidc-provider) talk over HTTP, the browser's
 * redirects are followed hop by hop, nothing of passport is mocked. The negative cases each
 * check the refusal the person sees and the audit entry it leaves. A misbehaving provider
 * (RogueProvider, a real HTTP server) supplies the ID tokens no honest provider would.
 */
describe('citizen login', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let sandboxBase: string;
  let rogue: RogueProvider;
  let api: INestApplication;
  let shortSessions: INestApplication;
  let apiPort: number;
  let shortPort: number;

  const tartu = (path = '/', port = apiPort) => `http://tartu.localhost:${port}${path}`;
  const bravo = (path = '/') => `http://bravo.localhost:${apiPort}${path}`;
  const COOKIE = 'townhall-portal';
  const MARI = CITIZENS.find((p) => p.key === 'mari-maasikas')!;

  beforeAll(async () => {
    db = await createTestDatabase();
    const sandboxPort = await freePort();
    sandboxBase = `http://localhost:${sandboxPort}`;
    const sandboxConfig = loadConfig(SandboxConfig, {
      SANDBOX_PUBLIC_URL: sandboxBase,
      SANDBOX_SMTP_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    sandbox = await createHttpApp(SandboxModule.forRoot(sandboxConfig), {
      title: 'sandbox',
      description: 'test',
      logger: false,
      swaggerUi: false,
      crossSiteFormRedirects: true,
    });
    await sandbox.listen(sandboxPort, '127.0.0.1');
    rogue = new RogueProvider();
    await rogue.start();

    // As a deployment's environment holds them, named by the tenants' clientSecretRef.
    process.env.TEST_TARTU_EID_SECRET = 'sandbox-secret-tartu-portal';
    process.env.TEST_BRAVO_EID_SECRET = 'sandbox-secret-stockholm-portal';
    process.env.TEST_ROGUE_EID_SECRET = 'rogue-secret';
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: {
          citizen: { issuer: `${sandboxBase}/eid`, clientId: 'tartu-portal', clientSecretRef: 'TEST_TARTU_EID_SECRET' },
        },
      }),
      tenantSpec('bravo', {
        identityProvider: {
          citizen: {
            issuer: `${sandboxBase}/eid`,
            clientId: 'stockholm-portal',
            clientSecretRef: 'TEST_BRAVO_EID_SECRET',
          },
        },
      }),
      tenantSpec('charlie', {
        identityProvider: {
          citizen: { issuer: `${sandboxBase}/eid`, clientId: 'tartu-portal', clientSecretRef: 'TEST_TARTU_EID_SECRET' },
        },
      }),
      tenantSpec('rogue', {
        identityProvider: {
          citizen: { issuer: rogue.base, clientId: 'rogue-portal', clientSecretRef: 'TEST_ROGUE_EID_SECRET' },
        },
      }),
    ] as never);
    api = await startApi(env);
    apiPort = (api.getHttpServer().address() as AddressInfo).port;
    shortSessions = await startApi({ ...env, SESSION_IDLE_SECONDS: '2', SESSION_ABSOLUTE_SECONDS: '5' });
    shortPort = (shortSessions.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await api?.close();
    await shortSessions?.close();
    await sandbox?.close();
    await rogue?.stop();
    await db?.drop();
  });

  /** The audit entries of a municipality, newest last, as the superuser reads them. */
  async function auditOf(slug: string, since: Date) {
    return db.query<{ event: string; outcome: string; reason: string | null; detail: Record<string, unknown> }>(
      `select e.event, e.outcome, e.reason, e.detail from auth_events e join tenants t on t.id = e.tenant_id
        where t.slug = $1 and e.occurred_at >= $2 order by e.occurred_at, e.event`,
      [slug, since],
    );
  }

  /** Starts a login at the portal and picks a persona at the sandbox; returns the callback not yet visited. */
  async function toCallback(
    browser: HttpBrowser,
    start: string,
    persona = 'mari-maasikas',
    level = 'substantial',
  ): Promise<{ authorize: URL; callback: string }> {
    const started = await browser.request(start);
    expect(started.status).toBe(302);
    const authorize = new URL(started.location!);
    const picker = await browser.follow(await browser.request(authorize.toString()));
    expect(picker.status).toBe(200);
    const pickerUrl = picker.url;
    const picked = await browser.request(`${pickerUrl}/login`, { form: { persona, level } });
    const back = await browser.follow(picked, (url) => url.includes('/auth/callback'));
    expect(back.location).toContain('/auth/callback');
    return { authorize, callback: back.location! };
  }

  async function logIn(browser: HttpBrowser, port = apiPort, persona = 'mari-maasikas', level = 'substantial') {
    const { callback } = await toCallback(browser, tartu('/auth/login?returnTo=/my', port), persona, level);
    const landed = await browser.request(callback);
    expect(landed.status).toBe(303);
    expect(landed.location).toBe(tartu('/my', port));
    return landed;
  }

  it('logs a citizen in at Tartu with state, nonce and PKCE, shows their name, and logs out at both ends', async () => {
    const since = new Date();
    const browser = new HttpBrowser();
    const { authorize, callback } = await toCallback(browser, tartu('/auth/login?returnTo=/my'));
    expect(authorize.origin + authorize.pathname).toBe(`${sandboxBase}/eid/auth`);
    expect(authorize.searchParams.get('client_id')).toBe('tartu-portal');
    expect(authorize.searchParams.get('redirect_uri')).toBe(tartu('/auth/callback'));
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('acr_values')).toBe('substantial');
    expect(authorize.searchParams.get('prompt')).toBe('login');
    const anonymous = browser.cookie('tartu.localhost', COOKIE);
    expect(anonymous).toBeTruthy();

    const landed = await browser.request(callback);
    expect(landed.status).toBe(303);
    const loggedIn = browser.cookie('tartu.localhost', COOKIE);
    expect(loggedIn).toBeTruthy();
    expect(loggedIn).not.toBe(anonymous); // a new session id at login
    const setCookie = String(landed.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Domain=/i); // host-only: bound to tartu.localhost

    const page = await browser.request(tartu('/my'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Mari Maasikas');
    expect(page.body).toContain(MARI.personalCode);

    // The pre-login id is worthless now.
    const stale = new HttpBrowser();
    stale.setCookie('tartu.localhost', COOKIE, anonymous!);
    expect((await stale.request(tartu('/my'))).status).toBe(303);

    const [citizen] = await db.query<{ issuer: string; subject: string; national_id: string }>(
      `select issuer, subject, national_id from citizens where national_id = $1`,
      [MARI.personalCode],
    );
    expect(citizen).toEqual({
      issuer: `${sandboxBase}/eid`,
      subject: `EE${MARI.personalCode}`,
      national_id: MARI.personalCode,
    });

    const logout = await browser.request(tartu('/logout'), { form: { _csrf: hiddenField(page.body, '_csrf')! } });
    expect(logout.status).toBe(200);
    const endSession = /http-equiv="refresh" content="0; url=([^"]+)"/.exec(logout.body)?.[1].replace(/&amp;/g, '&');
    expect(endSession).toContain(`${sandboxBase}/eid/session/end`);
    expect(new URL(endSession!).searchParams.get('id_token_hint')).toBeTruthy();
    expect((await browser.request(endSession!)).status).toBe(200); // the provider asks to confirm its logout

    // The session is over: the old cookie leads to the login page, saying why.
    const reused = new HttpBrowser();
    reused.setCookie('tartu.localhost', COOKIE, loggedIn!);
    const after = await reused.request(tartu('/my'));
    expect(after.status).toBe(303);
    expect(after.location).toContain('/login?returnTo=%2Fmy&ended=logged-out');
    const loginPage = await reused.request(after.location!);
    expect(loginPage.body).toContain('You have logged out.');

    const events = (await auditOf('tartu', since)).map((e) => `${e.event}:${e.outcome}`);
    expect(events).toEqual(
      expect.arrayContaining([
        'login-started:ok',
        'login-callback:ok',
        'id-token:ok',
        'login-succeeded:ok',
        'logout:ok',
        'session-refused:refused',
      ]),
    );
    const idToken = (await auditOf('tartu', since)).find((e) => e.event === 'id-token')!;
    expect(idToken.detail).toMatchObject({
      header: { alg: 'RS256' },
      claims: { sub: `EE${MARI.personalCode}`, acr: 'substantial' },
    });
  });

  /** The refusal a callback gets, and the audit entry it left. */
  async function refusedCallback(browser: HttpBrowser, url: string, slug = 'tartu') {
    const since = new Date();
    const response = await browser.request(url);
    const audit = await auditOf(slug, since);
    return { response, failed: audit.find((e) => e.event === 'login-failed') };
  }

  it('refuses a callback without state, with a wrong state, or with a state of another browser', async () => {
    const browser = new HttpBrowser();
    const { callback } = await toCallback(browser, tartu('/auth/login'));
    const withoutState = new URL(callback);
    withoutState.searchParams.delete('state');
    const missing = await refusedCallback(browser, withoutState.toString());
    expect(missing.response.status).toBe(400);
    expect(missing.response.body).toContain('without a code and a state');
    expect(missing.failed).toBeDefined();

    const { callback: second } = await toCallback(browser, tartu('/auth/login'));
    const wrong = new URL(second);
    wrong.searchParams.set('state', 'A'.repeat(32));
    const wrongState = await refusedCallback(browser, wrong.toString());
    expect(wrongState.response.status).toBe(401);
    expect(wrongState.failed?.reason).toContain('not the one this browser session sent');

    // Another browser, with a login of its own in progress, brings this browser's callback.
    const victim = new HttpBrowser();
    const { callback: stolen } = await toCallback(victim, tartu('/auth/login'));
    const attacker = new HttpBrowser();
    await toCallback(attacker, tartu('/auth/login'), 'jaan-tamm');
    const foreign = await refusedCallback(attacker, stolen);
    expect(foreign.response.status).toBe(401);
    expect(foreign.failed?.reason).toContain('not the one this browser session sent');
    // And a browser with no session at all.
    const fresh = await refusedCallback(new HttpBrowser(), stolen);
    expect(fresh.response.status).toBe(401);
    expect(fresh.failed?.reason).toContain('No login was started in this browser session');
    // The victim's own login still works.
    expect((await victim.request(stolen)).status).toBe(303);
  });

  it('refuses a replayed authorization code and a replayed callback', async () => {
    const browser = new HttpBrowser();
    const { callback } = await toCallback(browser, tartu('/auth/login'));
    expect((await browser.request(callback)).status).toBe(303);
    // The same callback again: the login it belonged to is finished.
    const again = await refusedCallback(browser, callback);
    expect(again.response.status).toBe(401);
    expect(again.failed).toBeDefined();
    // The used code under the state of a new login of the same browser: the provider refuses it.
    const { callback: next } = await toCallback(browser, tartu('/auth/login'));
    const replay = new URL(next);
    replay.searchParams.set('code', new URL(callback).searchParams.get('code')!);
    const replayed = await refusedCallback(browser, replay.toString());
    expect(replayed.response.status).toBe(401);
    expect(replayed.failed?.reason).toContain('refused the login code');
  });

  const ROGUE_CASES: [RogueMode, string][] = [
    ['other-issuer', 'not issued by expected OpenID provider'],
    ['other-audience', 'not intended for this relying party'],
    ['bad-signature', 'signature is not valid'],
    ['unknown-key', 'key the provider does not publish'],
    ['alg-none', 'signed with none'],
    ['wrong-nonce', 'nonce'],
    ['expired', 'expired'],
  ];

  it.each(ROGUE_CASES)('refuses an ID token with %s', async (mode, reason) => {
    rogue.mode = mode;
    const browser = new HttpBrowser();
    const started = await browser.request(`http://rogue.localhost:${apiPort}/auth/login`);
    const callback = (await browser.request(started.location!)).location!;
    const refused = await refusedCallback(browser, callback, 'rogue');
    expect(refused.response.status).toBe(401);
    expect(refused.failed?.reason).toContain(reason);
    expect(browser.cookie('rogue.localhost', COOKIE)).toBeDefined();
    expect((await browser.request(`http://rogue.localhost:${apiPort}/my`)).status).toBe(303);
  });

  it('accepts the same provider when its ID token is right (the control of the cases above)', async () => {
    rogue.mode = 'good';
    const browser = new HttpBrowser();
    const started = await browser.request(`http://rogue.localhost:${apiPort}/auth/login?returnTo=/my`);
    const callback = (await browser.request(started.location!)).location!;
    expect((await browser.request(callback)).status).toBe(303);
    const page = await browser.request(`http://rogue.localhost:${apiPort}/my`);
    expect(page.body).toContain('Rogue Tester');
  });

  it('refuses a login below the level asked for, and logs in again at a higher level', async () => {
    const since = new Date();
    const browser = new HttpBrowser();
    // Asked for high (as a service needing it asks), the person chose substantial at the provider.
    const { authorize, callback } = await toCallback(browser, tartu('/auth/login?level=high&returnTo=/my'));
    expect(authorize.searchParams.get('acr_values')).toBe('high');
    const refused = await browser.request(callback);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatch(/substantial(&#34;|&quot;|")?, but (&#34;|&quot;|")?high/);
    expect((await auditOf('tartu', since)).find((e) => e.event === 'login-failed')?.reason).toBe(
      'logged in at substantial, high was needed',
    );
    expect((await browser.request(tartu('/my'))).status).toBe(303);

    // Logged in at substantial, then again at high: a new session, at the new level.
    await logIn(browser);
    const before = browser.cookie('tartu.localhost', COOKIE);
    const stepUp = await toCallback(browser, tartu('/auth/login?level=high&returnTo=/my'), 'mari-maasikas', 'high');
    expect((await browser.request(stepUp.callback)).status).toBe(303);
    expect(browser.cookie('tartu.localhost', COOKIE)).not.toBe(before);
    expect((await browser.request(tartu('/my'))).body).toMatch(/Level of assurance<\/dt><dd>high/);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const browser = new HttpBrowser();
    await logIn(browser);
    const since = new Date();
    const missing = await browser.request(tartu('/logout'), { form: {} });
    expect(missing.status).toBe(403);
    expect(missing.body).toContain('CSRF');
    const wrong = await browser.request(tartu('/logout'), { form: { _csrf: 'forged-token' } });
    expect(wrong.status).toBe(403);
    const reasons = (await auditOf('tartu', since)).filter((e) => e.event === 'csrf-refused').map((e) => e.reason);
    expect(reasons).toEqual(['missing CSRF token', 'wrong CSRF token']);
    expect((await browser.request(tartu('/my'))).status).toBe(200); // still logged in
  });

  it("makes a session cookie of one municipality worthless at another's", async () => {
    const browser = new HttpBrowser();
    await logIn(browser);
    const since = new Date();
    const carried = new HttpBrowser();
    carried.setCookie('bravo.localhost', COOKIE, browser.cookie('tartu.localhost', COOKIE)!);
    const response = await carried.request(bravo('/my'));
    expect(response.status).toBe(303);
    expect(response.location).toContain('ended=other-tenant');
    const refused = (await auditOf('bravo', since)).find((e) => e.event === 'session-refused');
    expect(refused?.reason).toBe('other-tenant');
    // As an API client, the same refusal is a 401 naming the login address.
    const api = await carried.request(bravo('/my'), { headers: { Accept: 'application/json' } });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ loginUrl: expect.stringContaining('/login') });
  });

  it('ends a session after the idle time and after the absolute time', async () => {
    const idle = new HttpBrowser();
    await logIn(idle, shortPort);
    expect((await idle.request(tartu('/my', shortPort))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    const since = new Date();
    const afterIdle = await idle.request(tartu('/my', shortPort));
    expect(afterIdle.status).toBe(303);
    expect(afterIdle.location).toContain('ended=idle');
    expect((await auditOf('tartu', since)).find((e) => e.event === 'session-refused')?.reason).toBe('idle');

    // Busy all along (a request every 0.6 s), the session still ends 5 s after login.
    const busy = new HttpBrowser();
    await logIn(busy, shortPort);
    const loggedInAt = Date.now();
    let last: BrowserResponse;
    do {
      await new Promise((resolve) => setTimeout(resolve, 600));
      last = await busy.request(tartu('/my', shortPort));
    } while (last.status === 200 && Date.now() - loggedInAt < 8_000);
    expect(last.status).toBe(303);
    expect(last.location).toContain('ended=absolute');
    expect(Date.now() - loggedInAt).toBeGreaterThanOrEqual(4_500);
  });

  it('makes the session cookie Secure and __Host- prefixed, and the callback https, when served over https', async () => {
    const secure = await startApi({ ...testEnv(db), PUBLIC_PROTOCOL: 'https' });
    try {
      const port = (secure.getHttpServer().address() as AddressInfo).port;
      const started = await new HttpBrowser().request(`http://charlie.localhost:${port}/auth/login`);
      expect(started.status).toBe(302);
      const cookie = String(started.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-townhall-portal=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; Path=\//);
      expect(new URL(started.location!).searchParams.get('redirect_uri')).toBe(
        `https://charlie.localhost:${port}/auth/callback`,
      );
      expect(started.headers['strict-transport-security']).toMatch(/max-age=/);
    } finally {
      await secure.close();
    }
  });

  it("keeps the front page for anonymous visitors only: never shows one person's page to another", async () => {
    // At a municipality of its own: the others' login allowance is spent by the tests above.
    const charlie = (path: string) => `http://charlie.localhost:${apiPort}${path}`;
    const anonymous = new HttpBrowser();
    const first = await anonymous.request(charlie('/'));
    expect(first.status).toBe(200);
    expect(first.body).not.toContain('Log out');
    const citizen = new HttpBrowser();
    const { callback } = await toCallback(citizen, charlie('/auth/login'));
    expect((await citizen.request(callback)).status).toBe(303);
    // Logged in: their own page, with their name, though an anonymous one is kept.
    const own = await citizen.request(charlie('/'));
    expect(own.body).toContain('Mari Maasikas');
    expect(own.headers['cache-control']).toBe('no-store');
    // And the anonymous visitors after them never get it.
    const again = await anonymous.request(charlie('/'));
    expect(again.body).not.toContain('Mari Maasikas');
    expect(again.body).toBe(first.body);
    // The kept page follows the visitor's language.
    const estonian = await new HttpBrowser().request(charlie('/'), { headers: { 'Accept-Language': 'et' } });
    expect(estonian.headers['content-language']).toBe('et');
    expect(estonian.body).toContain('lang="et"');
    expect(first.headers['content-language']).toBe('en');
  });

  it('limits logins per municipality and client', async () => {
    // 30 per five minutes; the earlier tests used some of this client's allowance.
    const browser = new HttpBrowser();
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) status = (await browser.request(bravo('/auth/login'))).status;
    expect(status).toBe(429);
    const limited = await browser.request(bravo('/auth/login'), { headers: { Accept: 'application/json' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another municipality counts separately.
    expect((await browser.request(`http://charlie.localhost:${apiPort}/auth/login`)).status).toBe(302);
  });
});
