import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Once-only prefill from the national registers, over HTTP against the real apps and the
 * sandbox's registers: a started application carries the register's answers, shown as from
 * the register and kept whatever the citizen posts; the look-up is on "Who has seen my
 * data"; with the population register timing out the citizen starts all the same, types the
 * answer, marked unverified for the official, and submits.
 */
describe('prefill from the national registers', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let sandboxBase: string;
  let api: INestApplication;
  let port: number;

  const at = (path: string) => `http://tartu.localhost:${port}${path}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app: sandbox, base: sandboxBase } = await startSandbox());
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(sandboxBase, 'tartu'),
        staff: [{ email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' }],
        services: [{ template: 'feedback' }, { template: 'felling-permit' }],
        registers: {
          // A small deadline: a register that hangs is given up on quickly.
          population: { url: `${sandboxBase}/registers/population`, client: 'EE/GOV/tartu/townhall', timeoutMs: 1_000 },
          property: { url: `${sandboxBase}/registers/property`, client: 'EE/GOV/tartu/townhall', timeoutMs: 2_000 },
        },
      } as never),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
  });

  afterEach(async () => {
    await fetch(`${sandboxBase}/registers/population/faults`, { method: 'DELETE' });
  });

  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  async function citizen(persona: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at('/auth/login'), { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    return browser;
  }

  async function csrfOf(browser: HttpBrowser, path: string): Promise<string> {
    return hiddenField((await browser.request(at(path))).body, '_csrf')!;
  }

  async function start(browser: HttpBrowser, service: string): Promise<string> {
    const csrf = await csrfOf(browser, `/services/${service}`);
    const started = await browser.request(at(`/services/${service}/apply`), { form: { _csrf: csrf } });
    expect(started.status).toBe(303);
    return /\/applications\/([0-9a-f-]{36})\/steps\/1$/.exec(started.location!)![1];
  }

  const row = async (id: string) =>
    (
      await db.query<{
        answers: Record<string, unknown>;
        verified: Record<string, { register: string; attribute: string; fetchedAt: string }>;
        unverified: Record<string, { register: string; reason: string }>;
        state: string;
      }>(`select answers, verified, unverified, state from applications where id = $1`, [id])
    )[0];

  /** The feedback's first two steps, answered. */
  async function firstSteps(browser: HttpBrowser, id: string, csrf: string): Promise<void> {
    const one = await browser.request(at(`/applications/${id}/steps/1`), {
      form: {
        _csrf: csrf,
        feedbackKind: 'complaint',
        topic: 'parking',
        subject: 'Broken parking sign',
        description: 'The parking sign on Tähe street has been broken for weeks.',
      },
    });
    expect(one.status).toBe(303);
    const two = await browser.request(at(`/applications/${id}/steps/2`), { form: { _csrf: csrf } });
    expect(two.status).toBe(303);
    expect(two.location).toMatch(/\/steps\/3$/);
  }

  it('fills the fields from the registers, shows their source and keeps them whatever is posted', async () => {
    const mari = await citizen('mari-maasikas');
    const id = await start(mari, 'feedback');
    const started = await row(id);
    expect(started.answers).toMatchObject({ contactName: 'Mari Maasikas', postalAddress: 'Tähe 87, 50107 Tartu' });
    expect(started.verified).toEqual({
      contactName: { register: 'population', attribute: 'name', fetchedAt: expect.any(String) },
      postalAddress: { register: 'population', attribute: 'address', fetchedAt: expect.any(String) },
    });
    expect(started.unverified).toEqual({});

    const csrf = await csrfOf(mari, `/applications/${id}/steps/1`);
    await firstSteps(mari, id, csrf);
    const page = await mari.request(at(`/applications/${id}/steps/3?lang=en`));
    expect(page.status).toBe(200);
    // Read-only, with its source tied to it, and not sent with the form.
    expect(page.body).toMatch(
      /<label for="contactName">[^<]+<\/label>\s*<span class="hint" id="contactName-hint">From the population register, [^<]+<\/span>\s*<input id="contactName" type="text" value="Mari Maasikas" readonly aria-describedby="contactName-hint">/,
    );
    expect(page.body).toContain('value="Tähe 87, 50107 Tartu" readonly');
    expect(page.body).not.toContain('name="contactName"');

    // A changed value posted for a verified field changes nothing.
    const posted = await mari.request(at(`/applications/${id}/steps/3`), {
      form: {
        _csrf: csrf,
        answerWanted: 'post',
        contactName: 'Somebody Else',
        postalAddress: 'Pikk 1, 10123 Tallinn',
      },
    });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/\/review$/);
    const saved = await row(id);
    expect(saved.answers).toMatchObject({
      answerWanted: 'post',
      contactName: 'Mari Maasikas',
      postalAddress: 'Tähe 87, 50107 Tartu',
    });

    // The property register: Mari owns one unit, its address fills the felling permit.
    const felling = await start(mari, 'felling-permit');
    const permit = await row(felling);
    expect(permit.answers).toMatchObject({ propertyAddress: 'Tähe 87, 50107 Tartu' });
    expect(permit.verified.propertyAddress).toMatchObject({ register: 'property', attribute: 'address' });

    // Each look-up is on her "Who has seen my data", with the reason.
    const seen = await mari.request(at('/me/data-access?lang=en'));
    expect(seen.status).toBe(200);
    expect(seen.body).toContain('Population register');
    expect(seen.body).toContain('Property register');
    expect(seen.body).toContain('Prefilling your application');
    const logged = await db.query<{ actor_name: string; application_id: string }>(
      `select actor_name, application_id from data_access_log where action = 'register-query' order by occurred_at`,
    );
    expect(logged).toEqual([
      { actor_name: 'Population register', application_id: id },
      { actor_name: 'Property register', application_id: felling },
    ]);

    // The review before submitting says where each answer came from.
    const review = await mari.request(at(`/applications/${id}/review?lang=en`));
    expect(review.body).toMatch(
      /Mari Maasikas <strong class="tag tag--success">from the population register<\/strong>/,
    );

    // Submitted, the official sees which answers came from the register.
    const submitCsrf = await csrfOf(mari, `/applications/${id}/review`);
    const submitted = await mari.request(at(`/applications/${id}/submit`), {
      form: { _csrf: submitCsrf, delivery: 'portal' },
    });
    expect(submitted.status).toBe(303);
    const handler = new HttpBrowser();
    const { callback } = await pickPersona(handler, at('/office/auth/login'), {
      persona: 'tartu-handler',
      level: 'substantial',
    });
    expect((await handler.request(callback)).status).toBe(303);
    const casePage = await handler.request(at(`/office/cases/${id}?lang=en`));
    expect(casePage.status).toBe(200);
    expect(casePage.body).toMatch(
      /Mari Maasikas <strong class="tag tag--success">from the population register<\/strong>/,
    );
    // So does a city system or an official over JSON.
    const caseJson = await handler.request(at(`/api/v1/office/cases/${id}`), {
      headers: { Accept: 'application/json' },
    });
    expect(caseJson.status).toBe(200);
    expect(JSON.parse(caseJson.body)).toMatchObject({
      verified: { contactName: { register: 'population', attribute: 'name' } },
      unverified: {},
    });
  });

  it('lets the citizen start and submit while the population register times out, the data marked unverified', async () => {
    // Another person than before: the register's answers are cached a while.
    const maarja = await citizen('maarja-kask');
    const fault = await fetch(`${sandboxBase}/registers/population/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ delayMs: 5_000 }),
    });
    expect(fault.status).toBe(200);

    const began = Date.now();
    const id = await start(maarja, 'feedback');
    expect(Date.now() - began).toBeLessThan(4_000);
    const started = await row(id);
    expect(started.answers.contactName).toBeUndefined();
    expect(started.verified).toEqual({});
    expect(started.unverified).toEqual({
      contactName: { register: 'population', attribute: 'name', reason: 'timed out', at: expect.any(String) },
      postalAddress: { register: 'population', attribute: 'address', reason: 'timed out', at: expect.any(String) },
    });

    const csrf = await csrfOf(maarja, `/applications/${id}/steps/1`);
    await firstSteps(maarja, id, csrf);
    const page = await maarja.request(at(`/applications/${id}/steps/3?lang=en`));
    expect(page.status).toBe(200);
    // Editable, with the note tied to the field.
    expect(page.body).toMatch(
      /<span class="hint" id="contactName-hint">The population register did not answer: enter this yourself\. An official will check it\.<\/span>/,
    );
    expect(page.body).toMatch(
      /<input id="contactName" name="contactName" type="text"[^>]*aria-describedby="contactName-hint"/,
    );

    const posted = await maarja.request(at(`/applications/${id}/steps/3`), {
      form: {
        _csrf: csrf,
        answerWanted: 'post',
        contactName: 'Maarja Kask',
        postalAddress: 'Kalevi 22-5, 51010 Tartu',
      },
    });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/\/review$/);
    const review = await maarja.request(at(`/applications/${id}/review?lang=en`));
    expect(review.body).toMatch(
      /Maarja Kask <strong class="tag tag--warning">you entered this while the population register did not answer: an official will check it<\/strong>/,
    );
    const submitCsrf = await csrfOf(maarja, `/applications/${id}/review`);
    const submitted = await maarja.request(at(`/applications/${id}/submit`), {
      form: { _csrf: submitCsrf, delivery: 'portal' },
    });
    expect(submitted.status).toBe(303);
    expect(submitted.location).toMatch(/submitted=1$/);
    const done = await row(id);
    expect(done.state).not.toBe('draft');
    expect(done.answers).toMatchObject({ contactName: 'Maarja Kask', postalAddress: 'Kalevi 22-5, 51010 Tartu' });
    expect(done.unverified.contactName).toMatchObject({ reason: 'timed out' });

    // A failed look-up read nothing: it is not on her "Who has seen my data".
    const logged = await db.query(`select 1 from data_access_log where application_id = $1`, [id]);
    expect(logged).toEqual([]);
  });
});
