import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import {
  addYears,
  type GrantOutcome,
  PROACTIVE_SWEEP_JOB,
  ProactiveRuns,
  ProactiveSweepJob,
} from '@townhall/entitlements';
import { QueueName } from '@townhall/platform';
import { ApplyTenantFilesUseCase, type TenantEntity, type TenantSpecRequestDto } from '@townhall/tenancy';
import type { Queue } from 'bull';
import pg from 'pg';
import { CITIZENS } from '../../apps/sandbox/src/identity/personas.js';
import { seedTenants, startApi, startCli, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { mailbox, pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Espoo's +68 sports wristband, granted without an application: the worker asks the real
 * (sandbox) population register who in Espoo turned 68 within the last 30 days, grants them
 * the wristband once, and tells each of them once, whether or not they ever logged in: a
 * message in the portal inbox kept under their personal code, a letter to the register's
 * address, or e-mail when they chose it. The sandbox's residents are dated from today, so
 * the test never goes stale.
 */

const WRISTBAND = 'sports-wristband-68';
/** A daily schedule that never fires during a test (1 January, 00:00 UTC): runs are asked for. */
const FAR_CRON = '0 0 1 1 *';

const persona = (key: string) => CITIZENS.find((p) => p.key === key)!;
/** Who turned 68 within the window (today and the 30 days before) in Espoo: two personas and two neighbours. */
const GRANTED = ['Kalevi Lahtinen', 'Raili Heikkinen', 'Seija Mäkinen', 'Tapio Salonen'];

describe('proactive services: the +68 sports wristband without an application', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let sandboxBase: string;
  let api: INestApplication;
  let worker: INestApplication;
  let cli: INestApplicationContext;
  let mail: ReturnType<typeof mailbox>;
  let scratch: string;
  let tenants: Record<string, TenantEntity>;
  let port: number;

  const at = (slug: string, path: string) => `http://${slug}.localhost:${port}${path}`;
  const json = { Accept: 'application/json' };

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    sandboxBase = started.base;
    mail = mailbox(started.base);
    const env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}`, PROACTIVE_CRON: FAR_CRON });
    cli = await startCli(env);
    scratch = await mkdtemp(join(tmpdir(), 'townhall-proactive-'));
    // Espoo as its own tenant file says (its wristband, its register code), at the test's sandbox.
    const files = await cli.get(ApplyTenantFilesUseCase).read('tenants');
    const espoo = files.find((f) => f.spec.slug === 'espoo')!.spec;
    expect(espoo.proactive?.map((p) => [p.code, p.rule.minimumAge])).toEqual([[WRISTBAND, 68]]);
    const population = (client: string, municipalityCode: string) => ({
      url: `${sandboxBase}/registers/population`,
      client,
      municipalityCode,
    });
    const seeded = await seedTenants(env, [
      {
        ...espoo,
        identityProvider: sandboxProviders(sandboxBase, 'espoo'),
        registers: { population: population('FI/GOV/espoo/townhall', espoo.registers!.population!.municipalityCode!) },
      } as TenantSpecRequestDto,
      // Another municipality offering the same: its residents are its own.
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(sandboxBase, 'tartu'),
        registers: { population: population('EE/GOV/tartu/townhall', '0793') },
        staff: [{ email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' }],
        proactive: espoo.proactive!.map((p) => ({ ...p, title: { en: 'Senior card' }, description: { en: 'Free.' } })),
      } as never),
    ]);
    tenants = Object.fromEntries(seeded.map((t) => [t.slug, t]));
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    worker = await startWorker({ ...env, PORTAL_URL: `http://{slug}.localhost:${port}` });
  });

  afterAll(async () => {
    await heal();
    await worker?.close();
    await api?.close();
    await cli?.close();
    await sandbox?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    await db?.drop();
  });

  const queue = () => worker.get<Queue>(getQueueToken(QueueName.Entitlements));

  /** How a queued run ended: completed with its outcome, or failed (and to be tried again) with why. */
  async function outcomeOf(
    jobId: string,
    ms = 20_000,
  ): Promise<{ state: string; value?: GrantOutcome; reason?: string }> {
    const end = Date.now() + ms;
    for (;;) {
      const state = await (await queue().getJob(jobId))?.getState();
      // Read again once it has ended: the job read before may predate its outcome.
      const job = state ? await queue().getJob(jobId) : null;
      if (job && state === 'completed') return { state, value: job.returnvalue as GrantOutcome };
      if (job && job.attemptsMade > 0 && (state === 'failed' || state === 'delayed'))
        return { state, reason: job.failedReason };
      if (Date.now() > end) throw new Error(`the run ${jobId} did not end`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const runNow = async (slug: string) => {
    const job = await worker.get(ProactiveRuns).now({ id: tenants[slug].id, slug });
    return outcomeOf(String(job.id));
  };

  const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > end) return value;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  async function heal(): Promise<void> {
    if (sandboxBase) await fetch(`${sandboxBase}/registers/population/faults`, { method: 'DELETE' });
  }

  /** What the database holds, read as the superuser. */
  const granted = (tenantId = tenants.espoo.id) =>
    db.query<{ name: string; person_country: string; person_code: string; valid_from: string; source: string }>(
      `select name, person_country, person_code, valid_from::text, source from entitlements
        where tenant_id = $1 and code = $2 order by name`,
      [tenantId, WRISTBAND],
    );
  const counts = async () =>
    (
      await db.query<{ outbox: number; inbox: number; letters: number; email: number }>(
        `select (select count(*)::int from outbox where event = 'entitlement.granted') as outbox,
                (select count(*)::int from inbox_messages i join outbox o on o.tenant_id = i.tenant_id and o.id = i.outbox_id
                  where o.event = 'entitlement.granted') as inbox,
                (select count(*)::int from deliveries where channel = 'post') as letters,
                (select count(*)::int from deliveries where channel = 'email') as email`,
      )
    )[0];

  async function logIn(slug: string, key: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const login = await pickPersona(browser, at(slug, '/auth/login'), { persona: key, level: 'substantial' });
    expect((await browser.request(login.callback)).status).toBe(303);
    return browser;
  }

  async function logInToOffice(slug: string, key: string): Promise<{ browser: HttpBrowser; csrf: string }> {
    const browser = new HttpBrowser();
    const login = await pickPersona(browser, at(slug, '/office/auth/login'), { persona: key, level: 'substantial' });
    expect((await browser.request(login.callback)).status).toBe(303);
    const page = await browser.request(at(slug, '/office?lang=en'));
    expect(page.status).toBe(200);
    return { browser, csrf: hiddenField(page.body, '_csrf')! };
  }

  it("refuses a tenant file's proactive settings that cannot work, naming the file and the field", async () => {
    const cases: [string, (yaml: string) => string, string, string][] = [
      [
        'age',
        (y) => y.replace('minimumAge: 68', 'minimumAge: sixty-eight'),
        'proactive.0.rule.minimumAge',
        'minimumAge must be a whole number of years',
      ],
      [
        'language',
        (y) => y.replace('en: +68 sports wristband', 'en: +68 sports wristband\n      de: +68-Sportarmband'),
        'proactive.0.title',
        'title has de, which is not one of et, en, bg, sv, fi',
      ],
      [
        'default-language',
        (y) => y.replace('      fi: +68-liikuntaranneke\n', ''),
        'proactive.0.title',
        'title needs a text in the default language (fi)',
      ],
      [
        'register-code',
        (y) => y.replace("    municipalityCode: '049'\n", ''),
        'registers.population.municipalityCode',
        "proactive services need the population register and the municipality's code in it",
      ],
      ['code', (y) => y.replace(`code: ${WRISTBAND}`, 'code: Wristband 68'), 'proactive.0.code', 'code must be'],
    ];
    for (const [name, change, field, message] of cases) {
      await cp('tenants', join(scratch, name), { recursive: true });
      const file = join(scratch, name, 'espoo', 'tenant.yaml');
      const changed = change(await readFile(file, 'utf8'));
      expect(changed).not.toBe(await readFile('tenants/espoo/tenant.yaml', 'utf8'));
      await writeFile(file, changed);
      const refused = await cli
        .get(ApplyTenantFilesUseCase)
        .read(join(scratch, name))
        .then(
          () => null,
          (e: { errors: { field: string; message: string }[]; message: string }) => e,
        );
      expect({ name, refused: refused !== null }).toEqual({ name, refused: true });
      expect(refused!.message).toContain('nothing was applied');
      // The field's first problem, as the CLI prints them in order.
      const problem = refused!.errors.find((e) => e.field.endsWith(`espoo/tenant.yaml: ${field}`));
      expect({ name, field: problem?.field.replace(/^.*espoo\//, 'espoo/'), message: problem?.message }).toEqual({
        name,
        field: `espoo/tenant.yaml: ${field}`,
        message: expect.stringContaining(message),
      });
    }
  });

  it('keeps the daily run in Redis as a repeatable job on the configured schedule', async () => {
    const repeatable = await until(
      () => queue().getRepeatableJobs(),
      (jobs) => jobs.length > 0,
    );
    expect(repeatable.map((j) => [j.name, j.cron, j.tz])).toEqual([[PROACTIVE_SWEEP_JOB, FAR_CRON, 'UTC']]);
  });

  let kalevi: HttpBrowser;

  it('lets a resident who already uses the portal choose e-mail before anything is granted', async () => {
    kalevi = await logIn('espoo', 'kalevi-lahtinen');
    const csrf = hiddenField((await kalevi.request(at('espoo', '/me/contact'))).body, '_csrf')!;
    const saved = await kalevi.request(at('espoo', '/api/v1/me/contact-preferences'), {
      method: 'PUT',
      json: { email: 'kalevi@example.fi', channels: ['email'] },
      headers: { ...json, 'X-CSRF-Token': csrf },
    });
    expect(saved.status).toBe(200);
    expect(await granted()).toEqual([]);
  });

  it('fails the run while the register is down, granting and telling nobody, and tries again later', async () => {
    const fault = await fetch(`${sandboxBase}/registers/population/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 503 }),
    });
    expect(fault.status).toBe(200);
    const run = await runNow('espoo');
    expect(run.state).toBe('delayed'); // Bull tries it again after its backoff
    expect(run.reason).toContain('population register did not answer');
    expect(await granted()).toEqual([]);
    expect(await counts()).toEqual({ outbox: 0, inbox: 0, letters: 0, email: 0 });
    await heal();
  });

  it('grants exactly the residents who turned 68 within the last 30 days, and tells each once', async () => {
    const run = await runNow('espoo');
    expect(run).toEqual({ state: 'completed', value: { services: 1, found: 4, granted: 4 } });
    const rows = await granted();
    expect(rows.map((r) => r.name)).toEqual(GRANTED);
    expect(rows.every((r) => r.person_country === 'FI' && r.source === 'proactive')).toBe(true);
    // From the 68th birthday: the personas' by their dates of birth.
    for (const key of ['seija-makinen', 'kalevi-lahtinen']) {
      const p = persona(key);
      expect(rows.find((r) => r.person_code === p.personalCode)?.valid_from).toBe(addYears(p.birthdate, 68));
    }
    // Not the younger (turning 68 in 12 and 40 days, or 38), nor the older (45 days ago: before
    // the window, and long ago).
    const names = rows.map((r) => r.name).join(', ');
    for (const other of [
      'Pekka Korhonen',
      'Liisa Nieminen',
      'Mikko Laine',
      'Aino Virtanen',
      'Eino Koskinen',
      'Helvi Rantanen',
    ])
      expect(names).not.toContain(other);

    // One notification each; the e-mail to the one who chose it, a letter to each of the others.
    const [{ kinds }] = await db.query<{ kinds: string[] }>(
      `select array_agg(distinct recipient_kind) as kinds from outbox where event = 'entitlement.granted'`,
    );
    expect(kinds).toEqual(['person']);
    const [received] = await mail.waitFor({ to: 'kalevi@example.fi' });
    expect(received.subject).toContain('+68-liikuntaranneke');
    const whole = await mail.message(received.id);
    expect(whole.text).toContain('Kalevi Lahtinen');
    expect(whole.text).toContain(at('espoo', '/me/entitlements'));
    const done = await until(counts, (c) => c.inbox === 4 && c.letters === 3);
    expect(done).toEqual({ outbox: 4, inbox: 4, letters: 3, email: 1 });
    const letters = await db.query<{ address: string; subject: string }>(
      `select address, subject from deliveries where channel = 'post' order by address`,
    );
    expect(letters.map((l) => l.address.split('\n')[0])).toEqual(['Raili Heikkinen', 'Seija Mäkinen', 'Tapio Salonen']);
    expect(letters.find((l) => l.address.startsWith('Seija'))!.address).toBe(
      'Seija Mäkinen\nKirkkojärventie 4 A 2\n02770 Espoo',
    );
    // The register's answer about Kalevi, who has logged in here, is on his "Who has seen my data".
    const seen = await kalevi.request(at('espoo', '/me/data-access?lang=en'));
    expect(seen.body).toContain('Population register');
    expect(seen.body).toContain('+68-liikuntaranneke: myönnetty ilman hakemusta');
  });

  it('grants nothing new and sends nothing more when run again, or by the daily schedule', async () => {
    const before = await counts();
    const again = await runNow('espoo');
    expect(again).toEqual({ state: 'completed', value: { services: 1, found: 4, granted: 0 } });

    // The day's runs, as the repeatable job queues them: one per municipality offering any, once a day.
    const sweep = worker.get(ProactiveSweepJob);
    expect(await sweep.sweep()).toBe(2);
    const day = new Date().toISOString().slice(0, 10);
    for (const slug of ['espoo', 'tartu']) {
      expect(await outcomeOf(`grant:${tenants[slug].id}:${day}`)).toMatchObject({
        state: 'completed',
        value: { granted: 0 },
      });
    }
    await sweep.sweep();
    const jobs = await queue().getJobs(['completed', 'waiting', 'active', 'delayed']);
    expect(jobs.filter((j) => String(j.id).endsWith(`:${day}`))).toHaveLength(2);

    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await counts()).toEqual(before);
    expect((await mail.messages({ to: 'kalevi@example.fi' })).total).toBe(1);
    expect((await granted()).map((r) => r.name)).toEqual(GRANTED);
  });

  it('shows Seija, who had never logged in, her wristband and its message once she logs in', async () => {
    const seija = await logIn('espoo', 'seija-makinen');
    const mine = JSON.parse((await seija.request(at('espoo', '/api/v1/me/entitlements'), { headers: json })).body);
    expect(mine.entitlements).toHaveLength(1);
    expect(mine.entitlements[0]).toMatchObject({
      code: WRISTBAND,
      title: { fi: '+68-liikuntaranneke', sv: '+68-motionsarmband', en: '+68 sports wristband' },
      validFrom: addYears(persona('seija-makinen').birthdate, 68),
      source: 'proactive',
    });
    expect(mine.entitlements[0].description.en).toContain('swimming halls');

    const page = await seija.request(at('espoo', '/me/entitlements?lang=en'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h2>+68 sports wristband</h2>');
    expect(page.body).toContain('with no end date');
    expect(page.body).toContain('href="/me/entitlements"'); // the header's link

    const inbox = JSON.parse((await seija.request(at('espoo', '/api/v1/me/inbox'), { headers: json })).body);
    expect(inbox.unread).toBe(1);
    expect(inbox.messages).toHaveLength(1);
    expect(inbox.messages[0]).toMatchObject({
      subject: 'Sinulle on myönnetty: +68-liikuntaranneke',
      linkPath: '/me/entitlements',
    });
    expect(inbox.messages[0].body).toContain('Hei Seija Mäkinen');
    const opened = await seija.request(at('espoo', `/inbox/${inbox.messages[0].id}?lang=en`));
    expect(opened.body).toContain('<a href="/me/entitlements">Open the page</a>');
    const read = JSON.parse((await seija.request(at('espoo', '/api/v1/me/inbox'), { headers: json })).body);
    expect(read.unread).toBe(0);

    // Kalevi's message is in his inbox too, and nobody else's is in Seija's.
    const his = JSON.parse((await kalevi.request(at('espoo', '/api/v1/me/inbox'), { headers: json })).body);
    expect(his.messages.map((m: { body: string }) => m.body.split('\n')[0])).toEqual(['Hei Kalevi Lahtinen,']);
  });

  it('lists the holders for service owners and admins, filtered by benefit, and lets an admin check the register now', async () => {
    const handler = await logInToOffice('espoo', 'espoo-handler');
    // A case handler sees no list of holders' national identifiers.
    expect((await handler.browser.request(at('espoo', '/office/entitlements?lang=en'))).status).toBe(403);
    const owner = await logInToOffice('espoo', 'espoo-owner');
    const page = await owner.browser.request(at('espoo', '/office/entitlements?lang=en'));
    for (const name of GRANTED) expect(page.body).toContain(name);
    expect(page.body).toContain('4 holders');
    expect(page.body).toContain('Residents from age 68');
    expect(page.body).not.toContain('Check the register now'); // admins only
    const filtered = await owner.browser.request(at('espoo', `/office/entitlements?lang=en&code=${WRISTBAND}`));
    expect(filtered.body).toContain('4 holders');
    const other = await owner.browser.request(at('espoo', '/office/entitlements?lang=en&code=swimming-card'));
    expect(other.body).toContain('Nobody holds a benefit yet.');
    const bad = await owner.browser.request(at('espoo', '/office/entitlements?code=%3Cscript%3E'), { headers: json });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('code must be the code of a benefit');
    const refused = await owner.browser.request(at('espoo', '/office/entitlements/run'), {
      form: { _csrf: owner.csrf },
    });
    expect(refused.status).toBe(403);

    const admin = await logInToOffice('espoo', 'espoo-admin');
    const before = (await queue().getJobs(['completed'])).length;
    const asked = await admin.browser.request(at('espoo', '/office/entitlements/run'), { form: { _csrf: admin.csrf } });
    expect(asked.status).toBe(303);
    expect(asked.location).toBe(at('espoo', '/office/entitlements?started=1'));
    expect((await admin.browser.request(asked.location!)).body).toContain('Check started');
    const ran = await until(
      () => queue().getJobs(['completed']),
      (jobs) => jobs.length > before,
    );
    const manual = ran.find(
      (j) => String(j.id).startsWith(`grant:${tenants.espoo.id}:now:`) && j.finishedOn! > Date.now() - 10_000,
    );
    expect(manual?.returnvalue).toEqual({ services: 1, found: 4, granted: 0 });
  });

  it('shows another municipality none of it, by HTTP and in PostgreSQL', async () => {
    // Tartu offers the same, to its own residents: none of them turned 68 in the window.
    expect(await runNow('tartu')).toEqual({ state: 'completed', value: { services: 1, found: 0, granted: 0 } });
    expect(await granted(tenants.tartu.id)).toEqual([]);

    const seija = await logIn('tartu', 'seija-makinen');
    const mine = JSON.parse((await seija.request(at('tartu', '/api/v1/me/entitlements'), { headers: json })).body);
    expect(mine).toEqual({ entitlements: [] });
    const inbox = JSON.parse((await seija.request(at('tartu', '/api/v1/me/inbox'), { headers: json })).body);
    expect(inbox).toEqual({ unread: 0, messages: [] });
    const office = await logInToOffice('tartu', 'tartu-admin');
    const page = await office.browser.request(at('tartu', '/office/entitlements?lang=en'));
    expect(page.body).toContain('Nobody holds a benefit yet.');
    for (const name of GRANTED) expect(page.body).not.toContain(name);

    // As the app role: Tartu's transaction sees no row of Espoo's; Espoo's sees its four.
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      const seen = async (tenantId: string) => {
        await app.query('begin');
        try {
          await app.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
          return (await app.query(`select name from entitlements`)).rowCount;
        } finally {
          await app.query('rollback');
        }
      };
      expect(await seen(tenants.tartu.id)).toBe(0);
      expect(await seen(tenants.espoo.id)).toBe(4);
    } finally {
      await app.end();
    }
  });
});
