import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { CreateOperatorUseCase } from '@townhall/identity';
import { startAdmin, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { RogueProvider } from '../support/rogue-provider.js';
import { pickPersona, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Platform operators log in to the admin app through the platform's provider (the
 * sandbox's operators' provider, over real HTTP) with a second factor; the CLI-made
 * accounts' password login is a fallback that a setting closes.
 */
describe('operator login', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let sandboxBase: string;
  let admin: INestApplication;
  let closed: INestApplication;
  let weak: INestApplication;
  let rogue: RogueProvider;
  let adminUrl: string;
  let closedUrl: string;
  let weakUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app: sandbox, base: sandboxBase } = await startSandbox());
    const env = testEnv(db, { OPERATOR_OIDC_ISSUER: `${sandboxBase}/operators` });
    admin = await startAdmin(env);
    closed = await startAdmin({ ...env, OPERATOR_PASSWORD_LOGIN: 'disabled' });
    adminUrl = `http://localhost:${(admin.getHttpServer().address() as AddressInfo).port}`;
    closedUrl = `http://localhost:${(closed.getHttpServer().address() as AddressInfo).port}`;
    // A provider that vouches for less than a second factor (no honest operators' provider does).
    rogue = new RogueProvider();
    await rogue.start();
    rogue.mode = 'low-level';
    weak = await startAdmin({ ...env, OPERATOR_OIDC_ISSUER: rogue.base });
    weakUrl = `http://localhost:${(weak.getHttpServer().address() as AddressInfo).port}`;
    await admin
      .get(CreateOperatorUseCase)
      .execute({ email: 'olga@platform.example.eu', displayName: 'Olga Operator', password: 'correct horse battery' });
  });

  afterAll(async () => {
    await admin?.close();
    await closed?.close();
    await weak?.close();
    await rogue?.stop();
    await sandbox?.close();
    await db?.drop();
  });

  const platformAudit = (since: Date) =>
    db.query<{ event: string; reason: string | null }>(
      `select event, reason from platform_auth_events where occurred_at >= $1 order by occurred_at`,
      [since],
    );

  it('logs an operator in with the second factor (acr high), lets them use the API with the CSRF token, and out', async () => {
    const browser = new HttpBrowser();
    const { authorize, callback } = await pickPersona(browser, `${adminUrl}/auth/login?level=low`, {
      persona: 'olga-operator',
      level: 'high',
    });
    // Whatever was asked for, operators are sent to log in at the highest level.
    expect(authorize.searchParams.get('acr_values')).toBe('high');
    expect((await browser.request(callback)).status).toBe(303);
    const home = await browser.request(`${adminUrl}/`);
    expect(home.status).toBe(200);
    expect(home.body).toContain('Olga Operator');

    const tenants = await browser.request(`${adminUrl}/api/v1/tenants`, { headers: { Accept: 'application/json' } });
    expect(tenants.status).toBe(200);
    const withoutToken = await browser.request(`${adminUrl}/api/v1/tenants/x/suspend`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    });
    expect(withoutToken.status).toBe(403);
    const csrf = hiddenField(home.body, '_csrf')!;
    const withToken = await browser.request(`${adminUrl}/api/v1/tenants/x/suspend`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
    });
    expect(withToken.status).toBe(404); // admitted: there is no such municipality

    const [operator] = await db.query<{ subject: string | null }>(
      `select subject from operators where email = 'olga@platform.example.eu'`,
    );
    expect(operator.subject).toBeTruthy();

    const logout = await browser.request(`${adminUrl}/logout`, { form: { _csrf: csrf } });
    expect(logout.status).toBe(200);
    expect((await browser.request(`${adminUrl}/`)).status).toBe(303);
  });

  it('refuses an operator who logged in without the second factor', async () => {
    const since = new Date();
    const browser = new HttpBrowser();
    const started = await browser.request(`${weakUrl}/auth/login`);
    const callback = (await browser.request(started.location!)).location!;
    const refused = await browser.request(callback);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatch(/high(&#34;|&quot;|")? is needed/);
    expect((await platformAudit(since)).find((e) => e.event === 'login-failed')?.reason).toBe(
      'logged in at substantial, high was needed',
    );
  });

  it('refuses a person of the provider without an operator account', async () => {
    const since = new Date();
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, `${adminUrl}/auth/login`, {
      persona: 'oskar-operator',
      level: 'high',
    });
    expect((await browser.request(callback)).status).toBe(403);
    expect((await platformAudit(since)).find((e) => e.event === 'login-failed')?.reason).toContain(
      'oskar@platform.example.eu',
    );
  });

  it('closes the password fallback when OPERATOR_PASSWORD_LOGIN is disabled', async () => {
    const login = () =>
      fetch(`${adminUrl}/api/v1/operator-sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'olga@platform.example.eu', password: 'correct horse battery' }),
      });
    const open = await login();
    expect(open.status).toBe(201);
    const { token } = (await open.json()) as { token: string };
    expect((await fetch(`${adminUrl}/api/v1/tenants`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );

    const refused = await fetch(`${closedUrl}/api/v1/operator-sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'olga@platform.example.eu', password: 'correct horse battery' }),
    });
    expect(refused.status).toBe(403);
    // A token issued while it was open is no longer accepted either.
    expect((await fetch(`${closedUrl}/api/v1/tenants`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(
      401,
    );
  });
});
