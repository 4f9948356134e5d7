import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { applyForFellingPermit } from '../support/applications.js';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { freePort } from '../support/processes.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A citizen acts for a company when the business register (the sandbox's, over HTTP) lists
 * them as its representative; the register is asked again at every action, so a board
 * change counts at once; a register that does not answer is a clear 503, never an assumed right.
 */
describe('representation of organisations', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let sandboxBase: string;
  let api: INestApplication;
  let port: number;

  const at = (slug: string, path: string) => `http://${slug}.localhost:${port}${path}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app: sandbox, base: sandboxBase } = await startSandbox());
    const providers = sandboxProviders(sandboxBase, 'tartu', ['citizen']);
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: providers,
        registers: { business: { url: `${sandboxBase}/registers/business` } },
      } as never),
      // Its register's address answers nothing.
      tenantSpec('offline', {
        identityProvider: providers,
        registers: { business: { url: `http://127.0.0.1:${await freePort()}/registers/business` } },
      } as never),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  async function logIn(slug: string, persona: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at(slug, '/auth/login'), { persona, level: 'high' });
    expect((await browser.request(callback)).status).toBe(303);
    return browser;
  }

  const events = (since: Date) =>
    db.query<{
      event: string;
      outcome: string;
      reason: string | null;
      detail: { organisation?: { registryCode: string } };
    }>(
      `select event, outcome, reason, detail from auth_events where occurred_at >= $1 and event like 'representation-%' order by occurred_at`,
      [since],
    );

  it('records both the person and the company on what they submit, and asks the register again before each action', async () => {
    const peeter = await logIn('tartu', 'peeter-saar');
    const csrf = hiddenField((await peeter.request(at('tartu', '/my/organisations'))).body, '_csrf')!;
    expect(
      (await peeter.request(at('tartu', '/my/acting-for'), { form: { _csrf: csrf, registryCode: '12345678' } })).status,
    ).toBe(303);

    const id = await applyForFellingPermit(peeter, at('tartu', ''));
    const [submitted] = await db.query<{ applicant: string; organisation: { registryCode: string; name: string } }>(
      `select c.given_name || ' ' || c.family_name as applicant, a.organisation from applications a join citizens c on c.id = a.applicant_id where a.id = $1`,
      [id],
    );
    expect(submitted).toMatchObject({
      applicant: 'Peeter Saar',
      organisation: { registryCode: '12345678', name: 'Tartu Puit OÜ' },
    });

    // Between starting and submitting, the board changes: the submission is refused, the draft stays a draft.
    const formCsrf = hiddenField((await peeter.request(at('tartu', '/services/felling-permit'))).body, '_csrf')!;
    const started = await peeter.request(at('tartu', '/services/felling-permit/apply'), { form: { _csrf: formCsrf } });
    const draft = /\/applications\/([0-9a-f-]{36})\/steps\/1$/.exec(started.location ?? '')![1];
    const company = `${sandboxBase}/registers/business/v1/companies/12345678`;
    const board = (await (await fetch(company, { headers: { 'X-Road-Client': 'EE/GOV/tartu/townhall' } })).json()) as {
      representatives: unknown[];
    };
    const putBoard = (representatives: unknown[]) =>
      fetch(`${company}/representatives`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ representatives }),
      });
    expect((await putBoard([])).status).toBe(200);
    try {
      const refused = await peeter.request(at('tartu', `/applications/${draft}/submit`), {
        form: { _csrf: formCsrf, delivery: 'portal' },
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('no longer lists you as a representative of Tartu Puit OÜ');
      const [row] = await db.query<{ state: string }>(`select state from applications where id = $1`, [draft]);
      expect(row.state).toBe('draft');
    } finally {
      expect((await putBoard(board.representatives)).status).toBe(200);
    }
  });

  it('lets a board member act for their company, records it, and ends it when the board changes', async () => {
    const since = new Date();
    const peeter = await logIn('tartu', 'peeter-saar');
    const choices = await peeter.request(at('tartu', '/my/organisations'));
    expect(choices.status).toBe(200);
    expect(choices.body).toContain('Tartu Puit OÜ (12345678)');
    const csrf = hiddenField(choices.body, '_csrf')!;

    const chosen = await peeter.request(at('tartu', '/my/acting-for'), {
      form: { _csrf: csrf, registryCode: '12345678' },
    });
    expect(chosen.status).toBe(303);
    const my = await peeter.request(at('tartu', '/my'));
    expect(my.body).toContain('Peeter Saar');
    expect(my.body).toContain('Tartu Puit OÜ (12345678)');

    // The register's board changes: Peeter is no longer a representative.
    const change = await fetch(`${sandboxBase}/registers/business/v1/companies/12345678/representatives`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ representatives: [] }),
    });
    expect(change.status).toBe(200);
    const refused = await peeter.request(at('tartu', '/my'));
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('no longer lists you as a representative of Tartu Puit OÜ');
    const after = await peeter.request(at('tartu', '/my'));
    expect(after.status).toBe(200);
    expect(after.body).toContain('yourself');

    expect((await events(since)).map((e) => [e.event, e.outcome, e.detail.organisation?.registryCode])).toEqual([
      ['representation-started', 'ok', '12345678'],
      ['representation-ended', 'refused', '12345678'],
    ]);
  });

  it('refuses a citizen the register does not list as a representative', async () => {
    const since = new Date();
    const mari = await logIn('tartu', 'mari-maasikas');
    const page = await mari.request(at('tartu', '/my/organisations'));
    expect(page.body).toContain('does not list you as a representative of any company');
    const attempt = await mari.request(at('tartu', '/my/acting-for'), {
      form: { _csrf: hiddenField(page.body, '_csrf')!, registryCode: '204567891' },
    });
    expect(attempt.status).toBe(403);
    expect(attempt.body).toContain('204567891');
    const bad = await mari.request(at('tartu', '/my/acting-for'), {
      form: { _csrf: hiddenField(page.body, '_csrf')!, registryCode: '<script>' },
      headers: { Accept: 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect((await events(since)).map((e) => [e.event, e.reason])).toEqual([
      ['representation-refused', 'not a representative of 204567891'],
    ]);
    expect((await mari.request(at('tartu', '/my'))).body).toContain('yourself');
  });

  it('answers 503, naming the register, when the register does not answer', async () => {
    const ivan = await logIn('offline', 'ivan-petrov');
    const page = await ivan.request(at('offline', '/my/organisations'));
    expect(page.status).toBe(503);
    expect(page.body).toContain('business register did not answer');
  });
});
