import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { readServiceTemplates } from '@townhall/catalogue';
import { samplePdf } from '../support/sample-files.js';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Applications under bad input and wrong hands, over HTTP against the real apps: every bad
 * answer and file refused with a 4xx naming it and nothing half-saved; another citizen's or
 * another municipality's application answered as missing; a transition the workflow or the
 * role does not allow refused; two officials acting at once — one wins, the other is told.
 */
describe('applications: bad input, other hands, conflicts', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let port: number;
  let mari: HttpBrowser;
  let applicationId: string;
  let reference: string;

  const at = (slug: string, path: string) => `http://${slug}.localhost:${port}${path}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db);
    const staff = [
      { email: 'owner@tartu.example.eu', name: 'Otto Owner', role: 'owner' },
      { email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' },
      { email: 'viewer@tartu.example.eu', name: 'Villu Viewer', role: 'viewer' },
      { email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' },
    ];
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        staff,
        services: [{ template: 'felling-permit' }, { template: 'project-grant' }, { template: 'land-tax-exemption' }],
      } as never),
      tenantSpec('espoo', {
        identityProvider: sandboxProviders(started.base, 'espoo'),
        services: [{ template: 'felling-permit' }],
      } as never),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    mari = await citizen('tartu', 'mari-maasikas');
  });

  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  async function citizen(slug: string, persona: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at(slug, '/auth/login'), { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    return browser;
  }

  async function official(persona: string): Promise<{ browser: HttpBrowser; csrf: string }> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at('tartu', '/office/auth/login'), {
      persona,
      level: 'substantial',
    });
    expect((await browser.request(callback)).status).toBe(303);
    const page = await browser.request(at('tartu', '/office/cases'));
    return { browser, csrf: hiddenField(page.body, '_csrf')! };
  }

  async function csrfOf(browser: HttpBrowser, slug: string, path: string): Promise<string> {
    return hiddenField((await browser.request(at(slug, path))).body, '_csrf')!;
  }

  const saved = async () =>
    (
      await db.query<{ answers: Record<string, unknown>; version: number }>(
        `select answers, version from applications where id = $1`,
        [applicationId],
      )
    )[0];

  it('starts an application and refuses wrong answers, naming them, without saving any', async () => {
    const csrf = await csrfOf(mari, 'tartu', '/services/felling-permit');
    const started = await mari.request(at('tartu', '/services/felling-permit/apply'), { form: { _csrf: csrf } });
    expect(started.status).toBe(303);
    applicationId = /\/applications\/([0-9a-f-]{36})\/steps\/1$/.exec(started.location!)![1];

    // A missing required answer and a value outside the choices.
    const wrong = await mari.request(at('tartu', `/applications/${applicationId}/steps/1?lang=en`), {
      form: { _csrf: csrf, cadastralCode: '', ownership: 'landlord' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('Cadastral code: answer this question');
    expect(wrong.body).toContain('Your relation to the property: choose one of the options');
    expect((await saved()).answers).toEqual({});

    const good = await mari.request(at('tartu', `/applications/${applicationId}/steps/1`), {
      form: { _csrf: csrf, cadastralCode: '79501:001:0001', ownership: 'owner' },
    });
    expect(good.status).toBe(303);
    expect(good.location).toMatch(/\/steps\/2$/);

    // A wrong type: "many" trees. The page shows it again; nothing of the step is saved.
    const before = await saved();
    const typed = await mari.request(at('tartu', `/applications/${applicationId}/steps/2?lang=en`), {
      form: {
        _csrf: csrf,
        'trees[0][species]': '<b>Kask</b>',
        'trees[0][count]': 'many',
        'trees[0][diameterCm]': '35',
        reason: 'diseased',
      },
    });
    expect(typed.status).toBe(422);
    // Named as the page shows it (the group, its item, the sub-field), linked to the input.
    expect(typed.body).toContain(
      '<a href="#trees-0-count">Trees to fell, tree 1: Number of trees: enter a valid value</a>',
    );
    expect(typed.body).toMatch(/id="trees-0-count"/);
    // Script and markup come back as text, escaped.
    expect(typed.body).toContain('value="&lt;b&gt;Kask&lt;/b&gt;"');
    expect(await saved()).toEqual(before);

    const trees = await mari.request(at('tartu', `/applications/${applicationId}/steps/2`), {
      form: {
        _csrf: csrf,
        'trees[0][species]': '<b>Kask</b>',
        'trees[0][count]': '2',
        'trees[0][diameterCm]': '35',
        reason: 'diseased',
      },
    });
    expect(trees.status).toBe(303);
  });

  it('refuses an oversized, a disguised file and a path in a file name, keeping none', async () => {
    const csrf = await csrfOf(mari, 'tartu', `/applications/${applicationId}/steps/3`);
    const send = (name: string, bytes: Buffer, type = 'application/pdf') => {
      const form = new FormData();
      form.set('_csrf', csrf);
      form.set('sitePlan', new Blob([new Uint8Array(bytes)], { type }), name);
      return mari.request(at('tartu', `/applications/${applicationId}/steps/3?lang=en`), { multipart: form });
    };
    const big = Buffer.concat([samplePdf(), Buffer.alloc(11 * 1024 * 1024, 32)]);
    const oversized = await send('huge.pdf', big);
    expect(oversized.status).toBe(422);
    expect(oversized.body).toContain('huge.pdf');
    expect(oversized.body).toMatch(/largest file accepted is 10 MB/);

    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    const disguised = await send('plan.pdf', exe);
    expect(disguised.status).toBe(422);
    expect(disguised.body).toContain('plan.pdf');

    const traversal = await send('../../etc/passwd.pdf', samplePdf());
    expect(traversal.status).toBe(422);

    expect(await db.query(`select id from application_files where application_id = $1`, [applicationId])).toEqual([]);

    const good = await send('site-plan.pdf', samplePdf());
    expect(good.status).toBe(303);
    const files = await db.query<{ file_name: string; media_type: string; sha256: string }>(
      `select file_name, media_type, sha256 from application_files where application_id = $1`,
      [applicationId],
    );
    expect(files).toEqual([
      { file_name: 'site-plan.pdf', media_type: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
  });

  it('submits once, however often the button is pressed', async () => {
    const csrf = await csrfOf(mari, 'tartu', `/applications/${applicationId}/review`);
    const submissions = await Promise.all(
      [1, 2, 3].map(() =>
        mari.request(at('tartu', `/applications/${applicationId}/submit`), {
          form: { _csrf: csrf, delivery: 'portal' },
        }),
      ),
    );
    expect(submissions.map((s) => s.status)).toEqual([303, 303, 303]);
    const rows = await db.query<{ reference: string; state: string }>(
      `select reference, state from applications where id = $1`,
      [applicationId],
    );
    expect(rows).toEqual([{ reference: expect.stringMatching(/^TRT-\d{4}-000001$/), state: 'submitted' }]);
    reference = rows[0].reference;
    const receipt = await mari.request(at('tartu', `/applications/${applicationId}/receipt.pdf`));
    expect(receipt.status).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    expect(receipt.body.startsWith('%PDF-')).toBe(true);
    const submitted = await db.query(
      `select 1 from application_events where application_id = $1 and kind = 'submitted'`,
      [applicationId],
    );
    expect(submitted).toHaveLength(1);
  });

  it('takes a whole application as JSON once per Idempotency-Key, and leaves nothing of a wrong one', async () => {
    const template = readServiceTemplates(undefined, ['project-grant'])[0];
    const { attachments, ...example } = template.example;
    const grant = { example };
    const csrf = await csrfOf(mari, 'tartu', '/applications');
    const post = (answers: Record<string, unknown>, key?: string) =>
      mari.request(at('tartu', '/api/v1/applications'), {
        json: { service: 'project-grant', answers },
        headers: { Accept: 'application/json', 'X-CSRF-Token': csrf, ...(key ? { 'Idempotency-Key': key } : {}) },
      });
    const count = async () =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from applications where service_code = 'project-grant'`,
        )
      )[0].n;

    const wrong = await post({ ...grant.example, expectedParticipants: 'lots', contactEmail: undefined });
    expect(wrong.status).toBe(422);
    const problem = JSON.parse(wrong.body) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['contactEmail', 'expectedParticipants']);
    expect(await count()).toBe(0);

    // A file named by an id is a claim, not a file: refused; files come by upload, checked by content.
    const claimed = await post({ ...grant.example, attachments });
    expect(claimed.status).toBe(422);
    expect(JSON.parse(claimed.body).detail).toContain('Files are attached by uploading them');
    expect(await count()).toBe(0);

    const first = await post(grant.example, 'grant-key-0001');
    expect(first.status).toBe(201);
    const again = await post(grant.example, 'grant-key-0001');
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body).id).toBe(JSON.parse(first.body).id);
    expect(JSON.parse(first.body)).toMatchObject({ reference: expect.stringMatching(/^TRT-/), state: 'submitted' });
    expect(await count()).toBe(1);
    const badKey = await post(grant.example, 'no');
    expect(badKey.status).toBe(400);
  });

  it('asks for a stronger login where the service needs one, and records the refusal', async () => {
    // Mari logged in at "substantial"; a land tax exemption needs "high".
    const csrf = await csrfOf(mari, 'tartu', '/services/land-tax-exemption');
    const page = await mari.request(at('tartu', '/services/land-tax-exemption/apply'), { form: { _csrf: csrf } });
    expect(page.status).toBe(303);
    expect(page.location).toContain('/login');
    expect(page.location).toContain('level=high');
    const json = await mari.request(at('tartu', '/api/v1/applications'), {
      json: { service: 'land-tax-exemption', answers: {} },
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
    });
    expect(json.status).toBe(401);
    const refusals = await db.query<{ reason: string }>(
      `select reason from auth_events where event = 'level-insufficient' order by occurred_at`,
    );
    expect(refusals.map((r) => r.reason)).toEqual([
      'needs high, logged in at substantial',
      'needs high, logged in at substantial',
    ]);
    expect(await db.query(`select 1 from applications where service_code = 'land-tax-exemption'`)).toEqual([]);
  });

  it("answers another citizen's and another municipality's application as missing", async () => {
    const maarja = await citizen('tartu', 'maarja-kask');
    expect((await maarja.request(at('tartu', `/applications/${applicationId}`))).status).toBe(404);
    expect((await maarja.request(at('tartu', `/applications/${applicationId}/steps/1`))).status).toBe(404);
    const csrf = await csrfOf(maarja, 'tartu', '/applications');
    const withdraw = await maarja.request(at('tartu', `/applications/${applicationId}/withdraw`), {
      form: { _csrf: csrf, version: '1' },
    });
    expect(withdraw.status).toBe(404);
    const list = await maarja.request(at('tartu', '/applications'));
    expect(list.body).not.toContain(reference);

    // Mari herself, logged in at another municipality: her Tartu application does not exist there.
    const elsewhere = await citizen('espoo', 'mari-maasikas');
    expect((await elsewhere.request(at('espoo', `/applications/${applicationId}`))).status).toBe(404);
    expect((await elsewhere.request(at('espoo', `/applications/${applicationId}/steps/1`))).status).toBe(404);
    expect((await db.query(`select state from applications where id = $1`, [applicationId]))[0]).toEqual({
      state: 'submitted',
    });
  });

  it('refuses a transition the workflow or the role does not allow, and lets one of two simultaneous officials win', async () => {
    const handler = await official('tartu-handler');
    const owner = await official('tartu-owner');
    const transition = (who: { browser: HttpBrowser; csrf: string }, body: Record<string, unknown>) =>
      who.browser.request(at('tartu', `/api/v1/office/cases/${applicationId}/transitions`), {
        json: body,
        headers: { Accept: 'application/json', 'X-CSRF-Token': who.csrf },
      });
    const opened = await handler.browser.request(at('tartu', `/api/v1/office/cases/${applicationId}`), {
      headers: { Accept: 'application/json' },
    });
    expect(opened.status).toBe(200);
    const version = (JSON.parse(opened.body) as { version: number }).version;

    // Deciding straight from "submitted" is no step of the workflow.
    const skip = await transition(owner, { transition: 'approve', version, text: 'Fine.' });
    expect(skip.status).toBe(409);
    expect(JSON.parse(skip.body).detail).toContain('"approve" cannot be taken now');
    const unknown = await transition(owner, { transition: 'fly-away', version });
    expect(unknown.status).toBe(409);
    expect(JSON.parse(unknown.body).detail).toContain('no step "fly-away"');
    const malformed = await transition(owner, { transition: 'start-review', version: 'latest' });
    expect(malformed.status).toBe(400);

    // Two officials start the review from the same version at once: one wins, one is told.
    const [first, second] = await Promise.all([
      transition(handler, { transition: 'start-review', version }),
      transition(owner, { transition: 'start-review', version }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(JSON.parse(loser.body).detail).toContain('Someone else changed this application meanwhile');
    const events = await db.query(
      `select 1 from application_events where application_id = $1 and transition = 'start-review'`,
      [applicationId],
    );
    expect(events).toHaveLength(1);

    // A handler may not decide; the owner may.
    const now = (
      await db.query<{ version: number }>(`select version from applications where id = $1`, [applicationId])
    )[0].version;
    const byHandler = await transition(handler, { transition: 'approve', version: now, text: 'Fine.' });
    expect(byHandler.status).toBe(409);
    const withoutReasons = await transition(owner, { transition: 'approve', version: now });
    expect(withoutReasons.status).toBe(422);
    const byOwner = await transition(owner, { transition: 'approve', version: now, text: 'The trees are diseased.' });
    expect(byOwner.status).toBe(200);

    // Each opening of the case is in the applicant's data-access log.
    const log = await mari.request(at('tartu', '/me/data-access?lang=en'));
    expect(log.body).toContain('Hanna Handler');
    expect(log.body).toContain(`Case ${reference}`);
  });

  it("asks an official not in charge why they open a person's data, and shows the reason to the person", async () => {
    const viewer = await official('tartu-viewer');
    const [{ applicant_id: person }] = await db.query<{ applicant_id: string }>(
      `select applicant_id from applications where id = $1`,
      [applicationId],
    );
    const logged = async () =>
      (await db.query(`select 1 from data_access_log where person_id = $1 and action = 'person-data-opened'`, [person]))
        .length;
    const asked = await viewer.browser.request(at('tartu', `/office/people/${person}?lang=en`));
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('Why do you open this person’s data?');
    expect(asked.body).not.toContain(reference);
    expect(await logged()).toBe(0);
    const tooShort = await viewer.browser.request(at('tartu', `/office/people/${person}?reason=because`), {
      headers: { Accept: 'application/json' },
    });
    expect(tooShort.status).toBe(400);
    const reason = 'Citizen called the front desk about the felling permit';
    const opened = await viewer.browser.request(
      at('tartu', `/office/people/${person}?lang=en&reason=${encodeURIComponent(reason)}`),
    );
    expect(opened.status).toBe(200);
    expect(opened.body).toContain(reference);
    expect(await logged()).toBe(1);
    const log = await mari.request(at('tartu', '/me/data-access?lang=en'));
    expect(log.body).toContain('Villu Viewer');
    expect(log.body).toContain(reason);
    expect(log.body).toContain('Opened your personal data');
  });

  it('keeps the form an application was started with when a new version of the service is published', async () => {
    const maarja = await citizen('tartu', 'maarja-kask');
    const csrf = await csrfOf(maarja, 'tartu', '/services/felling-permit');
    const start = async () => {
      const started = await maarja.request(at('tartu', '/services/felling-permit/apply'), { form: { _csrf: csrf } });
      return /\/applications\/([0-9a-f-]{36})\/steps\/1$/.exec(started.location!)![1];
    };
    const before = await start();

    // The admin adds a required question to the first step and publishes: version 2.
    const admin = await official('tartu-admin');
    const json = { Accept: 'application/json', 'X-CSRF-Token': admin.csrf };
    const saved = await admin.browser.request(at('tartu', '/api/v1/office/services/felling-permit/customisation'), {
      method: 'PUT',
      json: {
        extraFields: [
          {
            name: 'neighbourInformed',
            type: 'checkbox',
            label: { en: 'I have told my neighbours' },
            step: 'property',
            required: true,
          },
        ],
      },
      headers: json,
    });
    expect(saved.status).toBe(200);
    const published = await admin.browser.request(at('tartu', '/api/v1/office/services/felling-permit/publish'), {
      method: 'POST',
      headers: json,
    });
    expect(JSON.parse(published.body)).toEqual({ code: 'felling-permit', publishedVersion: 2 });

    // The draft started before still has version 1's form: not asked, and it submits without it.
    const oldStep = await maarja.request(at('tartu', `/applications/${before}/steps/1?lang=en`));
    expect(oldStep.body).not.toContain('I have told my neighbours');
    await applyForFellingPermitSteps(maarja, before, csrf);
    const [old] = await db.query<{ service_version: number; state: string }>(
      `select service_version, state from applications where id = $1`,
      [before],
    );
    expect(old).toEqual({ service_version: 1, state: 'submitted' });

    // One started now gets version 2, and is asked the new question.
    const after = await start();
    const newStep = await maarja.request(at('tartu', `/applications/${after}/steps/1?lang=en`));
    expect(newStep.body).toContain('I have told my neighbours');
    const [fresh] = await db.query<{ service_version: number }>(
      `select service_version from applications where id = $1`,
      [after],
    );
    expect(fresh.service_version).toBe(2);
  });

  /** Fills in and submits a felling permit draft of version 1's form. */
  async function applyForFellingPermitSteps(browser: HttpBrowser, id: string, csrf: string) {
    const post = (path: string, form: Record<string, string>) =>
      browser.request(at('tartu', `/applications/${id}${path}`), { form: { _csrf: csrf, ...form } });
    expect((await post('/steps/1', { cadastralCode: '79501:001:0002', ownership: 'owner' })).status).toBe(303);
    const trees = {
      'trees[0][species]': 'Mänd',
      'trees[0][count]': '1',
      'trees[0][diameterCm]': '40',
      reason: 'dangerous',
    };
    expect((await post('/steps/2', trees)).status).toBe(303);
    const files = new FormData();
    files.set('_csrf', csrf);
    files.set('sitePlan', new Blob([new Uint8Array(samplePdf())], { type: 'application/pdf' }), 'plan.pdf');
    expect((await browser.request(at('tartu', `/applications/${id}/steps/3`), { multipart: files })).status).toBe(303);
    expect((await post('/submit', { delivery: 'portal' })).status).toBe(303);
  }
});
