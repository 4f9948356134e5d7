import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { applyForFellingPermit } from '../support/applications.js';
import { seedTenants, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { mailbox, pickPersona, sandboxProviders, smsProvider, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Notifications end to end: a case's steps reach the applicant's portal inbox and the
 * channels they chose (the sandbox's real SMTP server and SMS provider), once each; the
 * municipality's own wording is used; a message that keeps failing is shown to the admins,
 * who send it again.
 */
describe('notifications: outbox to inbox, e-mail and SMS', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let origin: string;
  let mari: HttpBrowser;
  let owner: { browser: HttpBrowser; csrf: string };
  let admin: { browser: HttpBrowser; csrf: string };
  let mail: ReturnType<typeof mailbox>;
  let sandboxBase: string;
  let sms: ReturnType<typeof smsProvider>;

  const json = { Accept: 'application/json' };

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    mail = mailbox(started.base);
    sandboxBase = started.base;
    sms = smsProvider(started.base);
    const env = testEnv(db, {
      NOTIFICATION_ATTEMPTS: '3',
      SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}`,
      SMS_API_URL: `${started.base}/sms/v1/messages`,
    });
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        staff: [
          { email: 'owner@tartu.example.eu', name: 'Otto Owner', role: 'owner' },
          { email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' },
        ],
        services: [{ template: 'felling-permit' }],
      } as never),
    ]);
    api = await startApi(env);
    const port = (api.getHttpServer().address() as AddressInfo).port;
    origin = `http://tartu.localhost:${port}`;
    env.PORTAL_URL = `http://{slug}.localhost:${port}`;
    worker = await startWorker(env);
    mari = new HttpBrowser();
    const login = await pickPersona(mari, `${origin}/auth/login`, { persona: 'mari-maasikas', level: 'substantial' });
    await mari.request(login.callback);
    const office = async (persona: string) => {
      const browser = new HttpBrowser();
      const back = await pickPersona(browser, `${origin}/office/auth/login`, { persona, level: 'substantial' });
      await browser.request(back.callback);
      return { browser, csrf: hiddenField((await browser.request(`${origin}/office/cases`)).body, '_csrf')! };
    };
    owner = await office('tartu-owner');
    admin = await office('tartu-admin');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  const csrfOf = async (browser: HttpBrowser, path: string) =>
    hiddenField((await browser.request(`${origin}${path}`)).body, '_csrf')!;
  const inbox = async () =>
    JSON.parse((await mari.request(`${origin}/api/v1/me/inbox`, { headers: json })).body) as {
      unread: number;
      messages: { id: string; subject: string; body: string }[];
    };
  const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > end) return value;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  it('refuses contact choices that cannot be kept, naming the field, and saves good ones', async () => {
    const csrf = await csrfOf(mari, '/me/contact');
    const put = (body: unknown) =>
      mari.request(`${origin}/api/v1/me/contact-preferences`, {
        method: 'PUT',
        json: body,
        headers: { ...json, 'X-CSRF-Token': csrf },
      });
    const badEmail = await put({ email: 'not-an-address', channels: ['email'] });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body).toContain('email must be an e-mail address');
    const noPhone = await put({ email: 'mari@example.ee', channels: ['email', 'sms'] });
    expect(noPhone.status).toBe(400);
    expect(noPhone.body).toContain('phone is needed');
    const badChannel = await put({ email: 'mari@example.ee', channels: ['pigeon'] });
    expect(badChannel.status).toBe(400);
    expect(badChannel.body).toContain('channels must be among');
    // Nothing half-saved.
    expect(await db.query(`select 1 from contact_preferences`)).toHaveLength(0);

    // The page's form, as a browser sends it.
    const saved = await mari.request(`${origin}/me/contact`, {
      form: {
        _csrf: csrf,
        email: 'mari@example.ee',
        phone: '+37251234567',
        postalAddress: 'Rüütli 1\n51007 Tartu',
        channels: ['email', 'sms'],
      } as never,
    });
    expect(saved.status).toBe(303);
    const got = JSON.parse((await mari.request(`${origin}/api/v1/me/contact-preferences`, { headers: json })).body);
    expect(got).toEqual({
      email: 'mari@example.ee',
      phone: '+37251234567',
      postalAddress: 'Rüütli 1\n51007 Tartu',
      channels: ['email', 'sms'],
    });
  });

  let id: string;
  let reference: string;

  it('tells the applicant of their submission in the inbox, by e-mail and by SMS, once each', async () => {
    id = await applyForFellingPermit(mari, origin);
    [{ reference }] = await db.query<{ reference: string }>(`select reference from applications where id = $1`, [id]);
    const [received] = await mail.waitFor({ to: 'mari@example.ee', subject: reference });
    expect(received.from).toContain('no-reply@townhall.localhost');
    const whole = await mail.message(received.id);
    expect(whole.text).toContain(reference);
    expect(whole.text).toContain(`/applications/${id}`);
    const texts = await until(
      () => sms.messages('+37251234567'),
      (found) => found.total >= 1,
    );
    expect(texts.total).toBe(1);
    expect(texts.messages[0].text).toContain(reference);
    const box = await inbox();
    expect(box.unread).toBe(1);
    expect(box.messages[0].subject).toContain(reference);
    // The header counts it; opening it reads it.
    const list = await mari.request(`${origin}/inbox`);
    expect(list.body).toContain('1 unread');
    const opened = await mari.request(`${origin}/inbox/${box.messages[0].id}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toContain(reference);
    expect((await inbox()).unread).toBe(0);
    // Another citizen's message is missing, not forbidden.
    expect((await mari.request(`${origin}/inbox/00000000-0000-4000-8000-000000000000`)).status).toBe(404);

    // Every delivery ended; running the event's job again sends nothing more.
    const [{ pending }] = await until(
      () => db.query<{ pending: number }>(`select count(*)::int as pending from outbox where processed_at is null`),
      (rows) => rows[0].pending === 0,
    );
    expect(pending).toBe(0);
    await db.query(`update outbox set processed_at = null`);
    const { Outbox } = await import('@townhall/notifications');
    const [{ tenant_id, outbox_id }] = await db.query<{ tenant_id: string; outbox_id: string }>(
      `select tenant_id, id as outbox_id from outbox`,
    );
    await worker.get(Outbox).queueNow(tenant_id, [outbox_id]);
    await until(
      () => db.query<{ pending: number }>(`select count(*)::int as pending from outbox where processed_at is null`),
      (rows) => rows[0].pending === 0,
    );
    expect((await mail.messages({ to: 'mari@example.ee', subject: reference })).total).toBe(1);
    expect((await sms.messages('+37251234567')).total).toBe(1);
  });

  it("uses the municipality's own wording, and refuses a wording with an unknown placeholder", async () => {
    const [{ locale }] = await db.query<{ locale: string }>(`select locale from applications where id = $1`, [id]);
    const csrf = await csrfOf(admin.browser, `/office/settings/messages/application.information-requested/${locale}`);
    const typo = await admin.browser.request(
      `${origin}/office/settings/messages/application.information-requested/${locale}`,
      {
        form: { _csrf: csrf, subject: 'Need more: {{ referense }}', body: 'Hello {{ name }}', sms: 'x' },
        headers: json,
      },
    );
    expect(typo.status).toBe(400);
    expect(typo.body).toContain('{{ referense }}');
    const saved = await admin.browser.request(
      `${origin}/office/settings/messages/application.information-requested/${locale}`,
      {
        form: {
          _csrf: csrf,
          subject: 'Tartu needs more for {{ reference }}',
          body: 'Dear {{ name }},\n\n{{ message }}\n\nBy {{ dueDate }}: {{ link }}',
          sms: 'Tartu: {{ reference }} needs more',
        },
      },
    );
    expect(saved.status).toBe(303);
    // Only admins change wordings.
    expect((await owner.browser.request(`${origin}/office/settings/messages`)).status).toBe(403);

    const take = async (transition: string, text?: string) => {
      const [{ version }] = await db.query<{ version: number }>(`select version from applications where id = $1`, [id]);
      const answer = await owner.browser.request(`${origin}/api/v1/office/cases/${id}/transitions`, {
        json: { transition, version, text },
        headers: { ...json, 'X-CSRF-Token': owner.csrf },
      });
      expect(answer.status).toBe(200);
    };
    await take('start-review');
    await take('request-information', 'Please add a photo of the trees.');
    const [received] = await mail.waitFor({ to: 'mari@example.ee', subject: `Tartu needs more for ${reference}` });
    const whole = await mail.message(received.id);
    expect(whole.text).toContain('Dear Mari Maasikas');
    expect(whole.text).toContain('Please add a photo of the trees.');
  });

  it('shows a message that keeps failing to the admins, who send it again once the provider is back', async () => {
    await sms.fail(503);
    const before = (await sms.messages('+37251234567')).total;
    // A withdrawal tells the applicant; the SMS cannot go (this test's worker tries three times).
    const [{ version }] = await db.query<{ version: number }>(`select version from applications where id = $1`, [id]);
    const withdrawn = await mari.request(`${origin}/applications/${id}/withdraw`, {
      form: { _csrf: await csrfOf(mari, `/applications/${id}`), version: String(version) },
    });
    expect(withdrawn.status).toBe(303);
    const failed = await until(
      () =>
        db.query<{ id: string; status: string; attempts: number }>(
          `select d.id, d.status, d.attempts from deliveries d join outbox o on o.id = d.outbox_id
          where o.event = 'application.withdrawn' and d.channel = 'sms'`,
        ),
      (rows) => rows[0]?.status === 'failed',
      20_000,
    );
    expect(failed[0]).toMatchObject({ status: 'failed', attempts: 3 });
    // The e-mail went; the inbox has it; only the SMS failed.
    await mail.waitFor({ to: 'mari@example.ee', subject: `${reference} is withdrawn` });
    expect((await sms.messages('+37251234567')).total).toBe(before);

    const page = await admin.browser.request(`${origin}/office/messages`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('the SMS provider answered 503');
    await sms.recover();
    // An official who is not an admin may not retry.
    expect(
      (await owner.browser.request(`${origin}/office/messages/${failed[0].id}/retry`, { form: { _csrf: owner.csrf } }))
        .status,
    ).toBe(403);
    const retried = await admin.browser.request(`${origin}/office/messages/${failed[0].id}/retry`, {
      form: { _csrf: hiddenField(page.body, '_csrf')! },
    });
    expect(retried.status).toBe(303);
    const sent = await until(
      () => sms.messages('+37251234567'),
      (found) => found.total > before,
    );
    expect(sent.total).toBe(before + 1);
    expect(sent.messages[0].text).toContain(reference);
    const [{ status }] = await db.query<{ status: string }>(`select status from deliveries where id = $1`, [
      failed[0].id,
    ]);
    expect(status).toBe('sent');
  });

  it('sends the decision as the citizen chose: by e-mail, with the decision PDF attached', async () => {
    await mari.request(`${origin}/api/v1/me/contact-preferences`, {
      method: 'PUT',
      json: { email: 'mari@example.ee', channels: [] },
      headers: { ...json, 'X-CSRF-Token': await csrfOf(mari, '/me/contact') },
    });
    const second = await applyForFellingPermit(mari, origin, 'email');
    const [{ reference: ref }] = await db.query<{ reference: string }>(
      `select reference from applications where id = $1`,
      [second],
    );
    for (const [transition, text] of [
      ['start-review', undefined],
      ['approve', 'The trees are diseased; felling is allowed.'],
    ] as const) {
      const [{ version }] = await db.query<{ version: number }>(`select version from applications where id = $1`, [
        second,
      ]);
      const answer = await owner.browser.request(`${origin}/api/v1/office/cases/${second}/transitions`, {
        json: { transition, version, text },
        headers: { ...json, 'X-CSRF-Token': owner.csrf },
      });
      expect(answer.status).toBe(200);
    }
    // Without the e-mail channel chosen, only the decision comes by mail: the citizen asked for it so.
    const [decided] = await mail.waitFor({ to: 'mari@example.ee', subject: `Decision on your application ${ref}` });
    expect(decided.attachments).toHaveLength(1);
    expect(decided.attachments[0].contentType).toBe('application/pdf');
    const pdf = Buffer.from(
      await (await fetch(`${sandboxBase}/mail/v1/messages/${decided.id}/attachments/0`)).arrayBuffer(),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Dated in the municipality's English ("24 November 2026"), not the American "November 24, 2026".
    const months = 'January|February|March|April|May|June|July|August|September|October|November|December';
    const pdfText = await textOf(pdf);
    expect(pdfText).toMatch(new RegExp(`\\b\\d{1,2} (${months}) \\d{4}\\b`));
    expect(pdfText).not.toMatch(new RegExp(`(${months}) \\d{1,2}, \\d{4}`));
    const whole = await mail.message(decided.id);
    expect(whole.text).toContain('attached to this e-mail as a PDF');
    expect((await mail.messages({ to: 'mari@example.ee', subject: `We received your application ${ref}` })).total).toBe(
      0,
    );
  });
});

/** What a PDF says, read back with pdf.js. */
async function textOf(bytes: Buffer): Promise<string> {
  const loaded = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isOffscreenCanvasSupported: false })
    .promise;
  try {
    let text = '';
    for (let n = 1; n <= loaded.numPages; n++) {
      const content = await (await loaded.getPage(n)).getTextContent();
      text += content.items.map((item) => ('str' in item ? `${item.str} ` : '')).join('');
    }
    return text.replace(/\s+/g, ' ');
  } finally {
    await loaded.destroy();
  }
}
