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
 * answer, marked unverified for the official, and submits. A group is filled from a list:
 * the parent's children from the population register, each item's name, code and date of
 * birth verified; the parent keeps the children applied for and fills in the rest, but cannot
 * change a child the register gave nor add one. A pre-school place is for one child: the
 * parent chooses which of their children from the register. A register's answer is shown as
 * text with its source, dated in the page's regional style. What keeps an application from
 * being submitted (or an answer from being sent) is named as its step names it, in the order
 * of the pages, linked to its input on the step where it can be changed.
 */
describe('prefill from the national registers', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let sandboxBase: string;
  let api: INestApplication;
  let port: number;

  const at = (path: string) => `http://tartu.localhost:${port}${path}`;
  const inStockholm = (path: string) => `http://stockholm.localhost:${port}${path}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app: sandbox, base: sandboxBase } = await startSandbox());
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(sandboxBase, 'tartu'),
        staff: [{ email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' }],
        services: [{ template: 'feedback' }, { template: 'felling-permit' }, { template: 'hobby-activity-support' }],
        registers: {
          // A small deadline: a register that hangs is given up on quickly.
          population: { url: `${sandboxBase}/registers/population`, client: 'EE/GOV/tartu/townhall', timeoutMs: 1_000 },
          property: { url: `${sandboxBase}/registers/property`, client: 'EE/GOV/tartu/townhall', timeoutMs: 2_000 },
        },
      } as never),
      tenantSpec('stockholm', {
        locales: ['sv', 'en'],
        defaultLocale: 'sv',
        timeZone: 'Europe/Stockholm',
        currency: 'SEK',
        identityProvider: sandboxProviders(sandboxBase, 'stockholm'),
        services: [{ template: 'preschool-place' }],
        registers: {
          population: { url: `${sandboxBase}/registers/population`, client: 'SE/GOV/stockholm/townhall' },
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

  async function citizen(persona: string, where = at): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, where('/auth/login'), { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    return browser;
  }

  async function csrfOf(browser: HttpBrowser, path: string, where = at): Promise<string> {
    return hiddenField((await browser.request(where(path))).body, '_csrf')!;
  }

  async function start(browser: HttpBrowser, service: string, where = at): Promise<string> {
    const csrf = await csrfOf(browser, `/services/${service}`, where);
    const started = await browser.request(where(`/services/${service}/apply`), { form: { _csrf: csrf } });
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
    // Text, not a field: its label, the value and its source, dated in British style (not "November 24, 2026").
    const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Tallinn' }).format(
      new Date(),
    );
    expect(page.body).toContain(
      `<div class="field" id="contactName">\n<dl class="given"><dt>Your name</dt><dd>Mari Maasikas <span class="hint">From the population register, ${today}</span></dd></dl>`,
    );
    expect(page.body).toMatch(/<dd>Tähe 87, 50107 Tartu <span class="hint">From the population register, /);
    expect(page.body).not.toContain('name="contactName"');
    expect(page.body).not.toMatch(/<input[^>]+readonly/);

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

  it("lists the parent's children from the population register, verified, and refuses a changed or an invented child", async () => {
    // After the test above: the register answers again (it was Maarja's failed look-up, not cached).
    const maarja = await citizen('maarja-kask');
    const id = await start(maarja, 'hobby-activity-support');
    const started = await row(id);
    const children = started.answers.children as { name: string; personalCode: string; birthDate: string }[];
    expect(children).toEqual([
      { name: 'Mia Kask', personalCode: expect.stringMatching(/^6150630\d{4}$/), birthDate: '2015-06-30' },
      { name: 'Oskar Kask', personalCode: expect.stringMatching(/^5180211\d{4}$/), birthDate: '2018-02-11' },
    ]);
    const [mia, oskar] = children;
    expect(started.verified.children).toEqual({
      register: 'population',
      attribute: 'children',
      fetchedAt: expect.any(String),
      fields: { name: 'name', personalCode: 'personalCode', birthDate: 'dateOfBirth' },
      items: children,
    });

    const csrf = await csrfOf(maarja, `/applications/${id}/steps/1`);
    const one = await maarja.request(at(`/applications/${id}/steps/1`), {
      form: { _csrf: csrf, applicantEmail: 'maarja.kask@example.ee' },
    });
    expect(one.status).toBe(303);

    // Each child is shown as text with its source, to include or leave out; no row of one's own to add.
    const page = await maarja.request(at(`/applications/${id}/steps/2?lang=en`));
    expect(page.status).toBe(200);
    expect(page.body).toMatch(
      /<legend>Child 1<\/legend>\s*<span class="hint" id="children-0-include-source">From the population register, \d{1,2} [A-Z][a-z]+ \d{4}<\/span>\s*<dl class="given"><dt>Child&#39;s name<\/dt><dd>Mia Kask<\/dd><dt>Personal identification code<\/dt><dd>6150630\d{4}<\/dd><dt>Date of birth<\/dt><dd>30 June 2015<\/dd><\/dl>/,
    );
    expect(page.body).toContain(
      '<input type="checkbox" id="children-0-include" name="children[0][_include]" value="true" checked aria-describedby="children-0-include-source"><label for="children-0-include">Include in this application: Child 1 (Mia Kask)</label>',
    );
    expect(page.body).toContain('Include in this application: Child 2 (Oskar Kask)');
    expect(page.body).toContain('name="children[1][hobbySchool]"');
    expect(page.body).not.toMatch(/name="children\[\d\]\[(name|personalCode|birthDate)/);
    expect(page.body).not.toContain('value="add:children"');

    const miaActivity = {
      'children[0][hobbySchool]': 'Tartu Laste Kunstikool',
      'children[0][activity]': 'Joonistamine ja maal',
      'children[0][activityField]': 'art',
      'children[0][monthlyFee]': '38.5',
    };
    const period = {
      'periodStart[day]': '1',
      'periodStart[month]': '9',
      'periodStart[year]': '2026',
      'periodEnd[day]': '31',
      'periodEnd[month]': '12',
      'periodEnd[year]': '2026',
    };
    const before = await row(id);
    // A child's code changed, or a child of one's own: refused, naming the field, nothing saved.
    const changed = await maarja.request(at(`/applications/${id}/steps/2`), {
      form: {
        _csrf: csrf,
        'children[0][_include]': 'true',
        'children[0][personalCode]': '39901010000',
        ...miaActivity,
        ...period,
      },
    });
    expect(changed.status).toBe(422);
    expect(changed.body).toContain('children.0.personalCode is from the population register and cannot be changed');
    const invented = await maarja.request(at(`/applications/${id}/steps/2`), {
      form: {
        _csrf: csrf,
        'children[0][_include]': 'true',
        ...miaActivity,
        'children[2][name]': 'Somebody Else',
        'children[2][personalCode]': '50001010000',
        'children[2][hobbySchool]': 'Tartu Laste Kunstikool',
        ...period,
      },
    });
    expect(invented.status).toBe(422);
    expect(invented.body).toContain('children.1 is not one of those the population register gives');
    expect(await row(id)).toEqual(before);

    // Mia applied for, Oskar left out: her verified data kept as the register gave it.
    const saved = await maarja.request(at(`/applications/${id}/steps/2`), {
      form: { _csrf: csrf, 'children[0][_include]': 'true', ...miaActivity, ...period },
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toMatch(/\/steps\/3$/);
    const miaApplied = {
      ...mia,
      hobbySchool: 'Tartu Laste Kunstikool',
      activity: 'Joonistamine ja maal',
      activityField: 'art',
      monthlyFee: 38.5,
    };
    expect((await row(id)).answers.children).toEqual([miaApplied]);
    const again = await maarja.request(at(`/applications/${id}/steps/2?lang=en`));
    expect(again.body).toContain('name="children[0][_include]" value="true" checked');
    expect(again.body).toMatch(/name="children\[1\]\[_include\]" value="true" aria-describedby/);
    expect(again.body).toContain('value="Tartu Laste Kunstikool"');

    const three = await maarja.request(at(`/applications/${id}/steps/3`), {
      form: { _csrf: csrf, paymentTo: 'hobby-school' },
    });
    expect(three.status).toBe(303);
    const four = await maarja.request(at(`/applications/${id}/steps/4`), { form: { _csrf: csrf, consent: 'true' } });
    expect(four.status).toBe(303);
    expect(four.location).toMatch(/\/review$/);

    // The review marks what the register gave of the child apart from what the parent typed, dates in the page's style.
    const review = await maarja.request(at(`/applications/${id}/review?lang=en`));
    expect(review.body).toMatch(
      /<li>Child 1: Child&#39;s name Mia Kask; Personal identification code 6150630\d{4}; Date of birth 30 June 2015 <strong class="tag tag--success">from the population register<\/strong>; Hobby school or sports club Tartu Laste Kunstikool;/,
    );
    const estonianReview = await maarja.request(at(`/applications/${id}/review?lang=et`));
    expect(estonianReview.body).toContain('Sünniaeg 30. juuni 2015');
    expect(estonianReview.body).not.toContain('2015-06-30');
    const submitCsrf = await csrfOf(maarja, `/applications/${id}/review`);
    const submitted = await maarja.request(at(`/applications/${id}/submit`), {
      form: { _csrf: submitCsrf, delivery: 'portal' },
    });
    expect(submitted.status).toBe(303);
    const application = await maarja.request(at(`/applications/${id}?lang=en`));
    expect(application.body).toMatch(/Mia Kask; [^<]+<strong class="tag tag--success">from the population register/);

    // The official sees it on the case page and over JSON: the register's items and which sub-fields it gave.
    const handler = new HttpBrowser();
    const { callback } = await pickPersona(handler, at('/office/auth/login'), {
      persona: 'tartu-handler',
      level: 'substantial',
    });
    expect((await handler.request(callback)).status).toBe(303);
    const casePage = await handler.request(at(`/office/cases/${id}?lang=en`));
    expect(casePage.body).toMatch(/Mia Kask; [^<]+<strong class="tag tag--success">from the population register/);
    const caseJson = JSON.parse(
      (await handler.request(at(`/api/v1/office/cases/${id}`), { headers: { Accept: 'application/json' } })).body,
    );
    expect(caseJson.answers.children).toEqual([miaApplied]);
    expect(caseJson.verified.children).toEqual({
      register: 'population',
      attribute: 'children',
      fetchedAt: expect.any(String),
      fields: { name: 'name', personalCode: 'personalCode', birthDate: 'dateOfBirth' },
      items: [mia, oskar],
    });

    // Asked to correct the period only, the parent sees the children as text, not as fields to change.
    const officeCsrf = hiddenField((await handler.request(at('/office/cases'))).body, '_csrf')!;
    const take = async (transition: string, extra: Record<string, unknown> = {}) => {
      const [{ version }] = await db.query<{ version: number }>(`select version from applications where id = $1`, [id]);
      const taken = await handler.request(at(`/api/v1/office/cases/${id}/transitions`), {
        json: { transition, version, ...extra },
        headers: { Accept: 'application/json', 'X-CSRF-Token': officeCsrf },
      });
      expect(taken.status).toBe(200);
    };
    await take('start-review');
    await take('request-information', { text: 'Please check the end of the period.', fields: ['periodEnd'] });
    const correcting = await maarja.request(at(`/applications/${id}/steps/2?lang=en`));
    expect(correcting.status).toBe(200);
    expect(correcting.body).toMatch(
      /<dt>Children you are applying for<\/dt><dd>Child 1: Child&#39;s name Mia Kask; Personal identification code 6150630\d{4}; Date of birth 30 June 2015; Hobby school/,
    );
    expect(correcting.body).not.toContain('name="children[');
    expect(correcting.body).toContain('name="periodEnd[day]"');

    // Answering with answers missing: each named in words, linked to where it can be changed
    // now (the end of the period, asked for), the e-mail address (not asked for) not linked.
    const { answers: waiting } = await row(id);
    const { periodEnd: _end, applicantEmail: _email, ...incompleteNow } = waiting;
    await db.query(`update applications set answers = $2 where id = $1`, [id, incompleteNow]);
    const answerCsrf = await csrfOf(maarja, `/applications/${id}/answer`);
    const unanswered = await maarja.request(at(`/applications/${id}/answer?lang=en`), {
      form: { _csrf: answerCsrf, message: 'Corrected.' },
    });
    expect(unanswered.status).toBe(422);
    expect(unanswered.body).toContain(
      `<li>E-mail address: answer this question</li><li><a href="/applications/${id}/steps/2#periodEnd-day">End of the period: answer this question</a></li>`,
    );
    await db.query(`update applications set answers = $2 where id = $1`, [id, waiting]);

    // Over the JSON API the same: a child changed is refused (nothing made), the register's children are taken.
    const apiCsrf = await csrfOf(maarja, '/applications');
    const whole = (kids: unknown[]) =>
      maarja.request(at('/api/v1/applications'), {
        json: {
          service: 'hobby-activity-support',
          answers: {
            applicantEmail: 'maarja.kask@example.ee',
            children: kids,
            periodStart: '2026-09-01',
            periodEnd: '2026-12-31',
            paymentTo: 'hobby-school',
            consent: true,
          },
        },
        headers: { Accept: 'application/json', 'X-CSRF-Token': apiCsrf },
      });
    const count = async () =>
      (await db.query(`select 1 from applications where service_code = 'hobby-activity-support'`)).length;
    const refused = await whole([{ ...miaApplied, name: 'Mia Maasikas' }]);
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.body).errors).toEqual([
      { field: 'children.0.name', message: 'children.0.name is from the population register and cannot be changed' },
    ]);
    // An item's sub-field missing: the JSON names it by its path, for API clients (pages name it in words).
    const { activity: _activity, ...withoutActivity } = miaApplied;
    const incomplete = await whole([withoutActivity]);
    expect(incomplete.status).toBe(422);
    expect(JSON.parse(incomplete.body).errors).toEqual([
      { field: 'children.0.activity', message: expect.stringMatching(/^children\.0\.activity /) },
    ]);
    expect(await count()).toBe(1);
    const made = await whole([{ ...oskar, ...miaApplied, ...oskar }]);
    expect(made.status).toBe(201);
    expect(await count()).toBe(2);
  });

  it('names what keeps an application from being submitted as its steps do, in their order, each linked to its input there', async () => {
    const maarja = await citizen('maarja-kask');
    const id = await start(maarja, 'hobby-activity-support');
    const csrf = await csrfOf(maarja, `/applications/${id}/steps/1`);
    const post = (path: string, form: Record<string, string>) =>
      maarja.request(at(`/applications/${id}${path}`), { form: { _csrf: csrf, ...form } });
    expect((await post('/steps/1', { applicantEmail: 'maarja.kask@example.ee' })).status).toBe(303);
    // The Field is a select that starts on "Choose…": not chosen, it is sent as nothing, and asked for.
    const step2 = await maarja.request(at(`/applications/${id}/steps/2?lang=en`));
    expect(step2.body).toMatch(
      /<select id="children-1-activityField" name="children\[1\]\[activityField\]">\s*<option value="">Choose…<\/option>\s*<option value="sport">/,
    );
    // Oskar only: the register's second child, the application's first.
    const oskar = {
      'children[1][_include]': 'true',
      'children[1][hobbySchool]': 'Tartu Spordikool',
      'children[1][activity]': 'Jalgpall',
      'children[1][monthlyFee]': '30',
      'periodStart[day]': '1',
      'periodStart[month]': '9',
      'periodStart[year]': '2026',
      'periodEnd[day]': '31',
      'periodEnd[month]': '12',
      'periodEnd[year]': '2026',
    };
    const unchosen = await post('/steps/2?lang=en', { ...oskar, 'children[1][activityField]': '' });
    expect(unchosen.status).toBe(422);
    expect(unchosen.body).toContain(
      '<a href="#children-1-activityField">Children you are applying for, child 2: Field: choose one</a>',
    );
    expect((await post('/steps/2', { ...oskar, 'children[1][activityField]': 'sport' })).status).toBe(303);
    expect(
      (await post('/steps/3', { paymentTo: 'parent', iban: 'EE471000001020145685', accountHolder: 'Maarja Kask' }))
        .status,
    ).toBe(303);
    expect((await post('/steps/4', { consent: 'true' })).status).toBe(303);

    // Answers gone missing since their steps were saved (as a changed condition can leave them):
    // the submission is refused, each named as on its step, in the order of the pages.
    const { answers } = await row(id);
    const [child] = answers.children as Record<string, unknown>[];
    const { activity: _activity, activityField: _field, ...rest } = child;
    const { applicantEmail: _email, periodEnd: _end, ...kept } = answers;
    await db.query(`update applications set answers = $2 where id = $1`, [id, { ...kept, children: [rest] }]);
    const submitCsrf = await csrfOf(maarja, `/applications/${id}/review`);
    const refused = await maarja.request(at(`/applications/${id}/submit?lang=en`), {
      form: { _csrf: submitCsrf, delivery: 'portal' },
    });
    expect(refused.status).toBe(422);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(refused.body)![0];
    const links = [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(([, href, text]) => [href, text]);
    expect(links).toEqual([
      [`/applications/${id}/steps/1#applicantEmail`, 'E-mail address: answer this question'],
      [
        `/applications/${id}/steps/2#children-1-activity`,
        'Children you are applying for, child 2: Activity, class or training group: answer this question',
      ],
      [
        `/applications/${id}/steps/2#children-1-activityField`,
        'Children you are applying for, child 2: Field: choose one',
      ],
      [`/applications/${id}/steps/2#periodEnd-day`, 'End of the period: answer this question'],
    ]);
    expect(refused.body).not.toMatch(/children\.0\.activity|must have required property/);
    const estonian = await maarja.request(at(`/applications/${id}/submit?lang=et`), {
      form: { _csrf: submitCsrf, delivery: 'portal' },
    });
    expect(estonian.status).toBe(422);
    expect(estonian.body).toMatch(
      /<a href="\/applications\/[0-9a-f-]+\/steps\/2#children-1-activityField">[^<]+, laps 2: [^<]+: valige üks<\/a>/,
    );
    expect((await row(id)).state).toBe('draft');

    // Where each link leads: the input, on its step.
    const fix = await maarja.request(at(`/applications/${id}/steps/2?lang=en`));
    expect(fix.body).toMatch(/id="children-1-activity"/);
    expect(fix.body).toMatch(/id="periodEnd-day"/);
  });

  it('lets a parent choose the one child a pre-school place is for among their children from the register', async () => {
    const sara = await citizen('sara-holm', inStockholm);
    const id = await start(sara, 'preschool-place', inStockholm);
    const started = await row(id);
    // Two children, a place for one: none is chosen for her.
    expect(started.answers.child).toBeUndefined();
    const elsa = { name: 'Elsa Holm', personalNumber: expect.stringMatching(/^20230415\d{4}$/) };
    const nils = { name: 'Nils Holm', personalNumber: expect.stringMatching(/^20250203\d{4}$/) };
    expect(started.verified.child).toEqual({
      register: 'population',
      attribute: 'children',
      fetchedAt: expect.any(String),
      fields: { name: 'name', personalNumber: 'personalCode' },
      items: [elsa, nils],
    });
    const nilsCode = (started.verified.child as unknown as { items: { personalNumber: string }[] }).items[1]
      .personalNumber;
    // Where the children are registered: the register's, verified.
    expect(started.answers.address).toBe('Ringvägen 101, 116 61 Stockholm');
    expect(started.verified.address).toMatchObject({ register: 'population', attribute: 'address' });

    // Each child as text with its source, one radio button each, none chosen; nothing to type in or add.
    const page = await sara.request(inStockholm(`/applications/${id}/steps/1?lang=en`));
    expect(page.status).toBe(200);
    expect(page.body).toMatch(
      /<legend>Child 2<\/legend>\s*<span class="hint" id="child-1-include-source">From the population register, \d{1,2} [A-Z][a-z]+ \d{4}<\/span>\s*<dl class="given"><dt>Child&#39;s name<\/dt><dd>Nils Holm<\/dd><dt>Child&#39;s personal identity number<\/dt><dd>20250203\d{4}<\/dd><\/dl>/,
    );
    expect(page.body).toContain(
      '<input type="radio" id="child-1-include" name="child[_chosen]" value="1" aria-describedby="child-1-include-source"><label for="child-1-include">Include in this application: Child 2 (Nils Holm)</label>',
    );
    expect(page.body).toContain('name="child[_chosen]" value="0" aria-describedby');
    expect(page.body).not.toMatch(/name="child\[\d\]\[(name|personalNumber)\]"/);
    expect(page.body).not.toContain('value="add:child"');
    // The registered address as text with its source; a family about to move says so beside it, and where and when.
    expect(page.body).toMatch(
      /<dt>Child&#39;s registered address<\/dt><dd>Ringvägen 101, 116 61 Stockholm <span class="hint">From the population register, /,
    );
    expect(page.body).not.toContain('name="address"');
    expect(page.body).toContain('We are moving to a new address');
    expect(page.body).toContain('name="moving"');
    expect(page.body).toContain('name="newAddress"');
    expect(page.body).toContain('name="moveDate[day]"');
    // The source in Swedish, dated the Swedish way.
    const swedish = await sara.request(inStockholm(`/applications/${id}/steps/1?lang=sv`));
    expect(swedish.body).toMatch(/Från folkbokföringen, \d{1,2} [a-zåäö]+ \d{4}</);

    const csrf = await csrfOf(sara, `/applications/${id}/steps/1`, inStockholm);
    const stepOne = (choice: Record<string, string>) =>
      sara.request(inStockholm(`/applications/${id}/steps/1?lang=en`), {
        form: { _csrf: csrf, ...choice },
      });
    // No child chosen, two at once, or the chosen child's code changed: refused, nothing saved.
    const before = await row(id);
    const none = await stepOne({});
    expect(none.status).toBe(422);
    expect(none.body).toContain('href="#child"');
    const both = await stepOne({ 'child[0][_include]': 'true', 'child[_chosen]': '1' });
    expect(both.status).toBe(422);
    expect(both.body).toContain('href="#child"');
    const changed = await stepOne({ 'child[_chosen]': '1', 'child[1][personalNumber]': '20250203-0000' });
    expect(changed.status).toBe(422);
    expect(changed.body).toContain('child.0.personalNumber is from the population register and cannot be changed');
    // Moving, but not saying where or when: both named.
    const nowhere = await stepOne({ 'child[_chosen]': '1', moving: 'true' });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body).toContain('href="#newAddress"');
    expect(nowhere.body).toMatch(/href="#moveDate[^"]*"/);
    expect(await row(id)).toEqual(before);

    // Nils chosen: his name and code as the register gave them, verified; the family moves within the
    // city. The registered address stays the register's whatever is posted; the new one is theirs.
    const chosen = await stepOne({
      'child[_chosen]': '1',
      address: 'Somewhere Else 1, 111 11 Stockholm',
      moving: 'true',
      newAddress: 'Odengatan 40, 113 51 Stockholm',
      'moveDate[day]': '1',
      'moveDate[month]': '3',
      'moveDate[year]': '2027',
    });
    expect(chosen.status).toBe(303);
    expect(chosen.location).toMatch(/\/steps\/2$/);
    expect((await row(id)).answers).toMatchObject({
      child: [{ name: 'Nils Holm', personalNumber: nilsCode }],
      address: 'Ringvägen 101, 116 61 Stockholm',
      moving: true,
      newAddress: 'Odengatan 40, 113 51 Stockholm',
      moveDate: '2027-03-01',
    });
    const again = await sara.request(inStockholm(`/applications/${id}/steps/1?lang=en`));
    expect(again.body).toContain('name="child[_chosen]" value="1" checked');
    expect(again.body).not.toContain('name="child[_chosen]" value="0" checked');

    const two = await sara.request(inStockholm(`/applications/${id}/steps/2`), {
      form: {
        _csrf: csrf,
        'startDate[day]': '1',
        'startDate[month]': '4',
        'startDate[year]': '2027',
        'choices[0][preschool]': 'Förskolan Vasaparken',
        'choices[0][provider]': 'municipal',
      },
    });
    expect(two.status).toBe(303);
    // No brother or sister there: the box left unticked answers the required question no.
    expect((await row(id)).answers.choices).toEqual([
      { preschool: 'Förskolan Vasaparken', provider: 'municipal', siblingAttends: false },
    ]);
    const three = await sara.request(inStockholm(`/applications/${id}/steps/3`), {
      form: { _csrf: csrf, parentsActivity: 'working-or-studying', hoursPerWeek: '35' },
    });
    expect(three.status).toBe(303);
    const four = await sara.request(inStockholm(`/applications/${id}/steps/4`), {
      form: { _csrf: csrf, guardiansAgree: 'true' },
    });
    expect(four.status).toBe(303);
    expect(four.location).toMatch(/\/review$/);

    // The review marks the child and the registered address as the register's, and shows the move.
    const review = await sara.request(inStockholm(`/applications/${id}/review?lang=en`));
    expect(review.body).toMatch(
      /Ringvägen 101, 116 61 Stockholm <strong class="tag tag--success">from the population register<\/strong>/,
    );
    expect(review.body).toContain('Odengatan 40, 113 51 Stockholm');
    expect(review.body).toContain('Moving date');
    expect(review.body).toMatch(
      /<li>Child 1: Child&#39;s name Nils Holm; Child&#39;s personal identity number 20250203\d{4} <strong class="tag tag--success">from the population register<\/strong><\/li>/,
    );
    const submitCsrf = await csrfOf(sara, `/applications/${id}/review`, inStockholm);
    const submitted = await sara.request(inStockholm(`/applications/${id}/submit`), {
      form: { _csrf: submitCsrf, delivery: 'portal' },
    });
    expect(submitted.status).toBe(303);
    expect((await row(id)).state).not.toBe('draft');
  });
});
