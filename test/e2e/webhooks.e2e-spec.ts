import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { applyForFellingPermit } from '../support/applications.js';
import { seedTenants, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox, webhookReceiver } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Webhooks end to end: a municipal admin subscribes a city system (the sandbox's receiver,
 * which verifies like a real one) to events; the real worker posts each event signed with the
 * subscription's secret; the receiver tells a valid webhook from a replayed, altered or stale
 * copy; a failing or hanging receiver is retried with backoff and the delivery log says so; a
 * delivery given up is sent again from the office; another municipality sees none of it.
 */
describe('webhooks: signed deliveries of events to city systems', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let port: number;
  let mari: HttpBrowser;
  let admin: { browser: HttpBrowser; csrf: string };
  let owner: { browser: HttpBrowser; csrf: string };
  let espooAdmin: { browser: HttpBrowser; csrf: string };
  let receiver: ReturnType<typeof webhookReceiver>;
  /** The subscription the tests use, and its secret. */
  let webhook: { id: string; secret: string };

  const at = (slug: string, path = '') => `http://${slug}.localhost:${port}${path}`;
  const json = (csrf: string) => ({ Accept: 'application/json', 'X-CSRF-Token': csrf });
  const EVENTS = [
    'application.submitted',
    'application.information-requested',
    'application.decided',
    'application.withdrawn',
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    receiver = webhookReceiver(started.base, 'tartu-records');
    const env = testEnv(db, {
      NOTIFICATION_ATTEMPTS: '3',
      WEBHOOK_TIMEOUT_MS: '1000',
      SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}`,
      SMS_API_URL: `${started.base}/sms/v1/messages`,
    });
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        staff: [
          { email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' },
          { email: 'owner@tartu.example.eu', name: 'Otto Owner', role: 'owner' },
        ],
        services: [{ template: 'felling-permit' }],
      } as never),
      tenantSpec('espoo', {
        identityProvider: sandboxProviders(started.base, 'espoo'),
        staff: [{ email: 'admin@espoo.example.eu', name: 'Anna Admin', role: 'admin' }],
        services: [{ template: 'felling-permit' }],
      } as never),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    env.PORTAL_URL = `http://{slug}.localhost:${port}`;
    worker = await startWorker(env);
    mari = await citizen('tartu');
    admin = await official('tartu', 'tartu-admin');
    owner = await official('tartu', 'tartu-owner');
    espooAdmin = await official('espoo', 'espoo-admin');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  async function citizen(slug: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at(slug, '/auth/login'), {
      persona: 'mari-maasikas',
      level: 'substantial',
    });
    expect((await browser.request(callback)).status).toBe(303);
    return browser;
  }

  async function official(slug: string, persona: string): Promise<{ browser: HttpBrowser; csrf: string }> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at(slug, '/office/auth/login'), { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    return { browser, csrf: hiddenField((await browser.request(at(slug, '/office'))).body, '_csrf')! };
  }

  const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > end) return value;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  interface DeliveryRow {
    id: string;
    status: string;
    attempts: number;
    last_status: number | null;
    last_error: string | null;
    outbox_id: string;
  }
  /** The webhook deliveries of an application's event of this type. */
  const deliveriesOf = (applicationId: string, event: string) =>
    db.query<DeliveryRow>(
      `select d.id, d.status, d.attempts, d.last_status, d.last_error, d.outbox_id
         from webhook_deliveries d join outbox o on o.tenant_id = d.tenant_id and o.id = d.outbox_id
        where o.payload->>'applicationId' = $1 and d.event = $2 order by d.created_at`,
      [applicationId, event],
    );
  const settled = (applicationId: string, event: string, status: string) =>
    until(
      () => deliveriesOf(applicationId, event),
      (rows) => rows[0]?.status === status,
    );
  const outboxDone = (applicationId: string, event: string) =>
    until(
      () =>
        db.query<{ processed: boolean }>(
          `select processed_at is not null as processed from outbox where payload->>'applicationId' = $1 and event = $2`,
          [applicationId, event],
        ),
      (rows) => rows[0]?.processed === true,
    );
  const sign = (secret: string, timestamp: number, body: string) =>
    `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const log = async (id = webhook.id) => {
    const answer = await admin.browser.request(at('tartu', `/api/v1/office/webhooks/${id}/deliveries`), {
      headers: json(admin.csrf),
    });
    expect(answer.status).toBe(200);
    return JSON.parse(answer.body) as {
      id: string;
      event: string;
      status: string;
      attempts: number;
      lastStatus: number | null;
      lastError: string | null;
    }[];
  };
  const take = async (applicationId: string, transition: string, text?: string) => {
    const [{ version }] = await db.query<{ version: number }>(`select version from applications where id = $1`, [
      applicationId,
    ]);
    const answer = await owner.browser.request(at('tartu', `/api/v1/office/cases/${applicationId}/transitions`), {
      json: { transition, version, text },
      headers: json(owner.csrf),
    });
    expect(answer.status).toBe(200);
  };

  it('refuses a subscription with a bad address, description or event, naming the field, and saves nothing', async () => {
    const create = (body: unknown) =>
      admin.browser.request(at('tartu', '/api/v1/office/webhooks'), { json: body, headers: json(admin.csrf) });
    const good = { url: receiver.url, description: 'Records system', events: ['application.submitted'] };
    const refusals: [unknown, string, RegExp][] = [
      [{ ...good, url: 'not a url' }, 'url', /url must be an absolute http\(s\) URL/],
      [{ ...good, url: 'ftp://records.example.eu/hooks' }, 'url', /url must be an absolute http\(s\) URL/],
      [{ ...good, url: 'http://records.example.eu/hooks' }, 'url', /url must use https \(http only to localhost/],
      [{ ...good, url: 'https://user:pw@records.example.eu/hooks' }, 'url', /must not contain a user name/],
      [{ ...good, events: ['application.exploded'] }, 'events', /events must be some of application\.submitted/],
      [{ ...good, events: [] }, 'events', /events must name at least one event/],
      [{ ...good, events: ['application.reminder'] }, 'events', /events must be some of/],
      [{ ...good, description: '' }, 'description', /description must be 1 to 200 characters/],
      [{ ...good, secret: 'mine' }, 'secret', /property secret should not exist/],
    ];
    for (const [body, field, says] of refusals) {
      const answer = await create(body);
      const problem = JSON.parse(answer.body) as { errors?: { field: string; message: string }[] };
      expect({ body, status: answer.status, fields: problem.errors?.map((e) => e.field) }).toEqual({
        body,
        status: 400,
        fields: [field],
      });
      expect(problem.errors![0].message).toMatch(says);
    }
    // The page shows the form again with what was typed and the error by the field.
    const page = await admin.browser.request(at('tartu', '/office/settings/webhooks'), {
      form: { _csrf: admin.csrf, url: 'http://records.example.eu/hooks', description: 'Records', events: 'x' },
    });
    expect(page.status).toBe(422);
    expect(page.body).toContain('Address: it must start with https:// (http:// only to localhost, in development)');
    expect(page.body).toContain('Events: choose at least one of the events listed');
    expect(page.body).toContain('value="http://records.example.eu/hooks"');
    expect(await db.query(`select 1 from webhook_subscriptions`)).toHaveLength(0);
  });

  it('makes a subscription, showing its signing secret once and keeping it sealed', async () => {
    const made = await admin.browser.request(at('tartu', '/api/v1/office/webhooks'), {
      json: { url: receiver.url, description: 'Records system', events: EVENTS },
      headers: json(admin.csrf),
    });
    expect(made.status).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    const answer = JSON.parse(made.body) as { id: string; secret: string; enabled: boolean; events: string[] };
    expect(answer).toMatchObject({ enabled: true, events: EVENTS });
    expect(answer.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    webhook = { id: answer.id, secret: answer.secret };
    const [row] = await db.query<{ secret_sealed: string }>(`select secret_sealed from webhook_subscriptions`);
    expect(row.secret_sealed).toMatch(/^v1\./);
    expect(row.secret_sealed).not.toContain(webhook.secret.slice(6));
    for (const path of ['/api/v1/office/webhooks', `/api/v1/office/webhooks/${webhook.id}`]) {
      const listed = await admin.browser.request(at('tartu', path), { headers: json(admin.csrf) });
      expect(listed.status).toBe(200);
      expect(listed.body).toContain('Records system');
      expect(listed.body).not.toContain(webhook.secret);
    }
    const page = await admin.browser.request(at('tartu', `/office/settings/webhooks/${webhook.id}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Nothing has been sent to this webhook yet.');
    expect(page.body).not.toContain(webhook.secret);
    await receiver.configure(webhook.secret);
  });

  let first: string;
  let firstReceipt: Awaited<ReturnType<typeof receiver.waitFor>>;

  it('posts an application.submitted webhook that the receiver verifies, telling nothing personal', async () => {
    first = await applyForFellingPermit(mari, at('tartu'));
    const [{ reference }] = await db.query<{ reference: string }>(`select reference from applications where id = $1`, [
      first,
    ]);
    firstReceipt = await receiver.waitFor((r) => r.event === 'application.submitted');
    expect(firstReceipt).toMatchObject({ verdict: 'valid', answered: 200, fault: null, redelivery: false });
    const body = JSON.parse(firstReceipt.body) as Record<string, unknown>;
    expect(body).toEqual({
      id: expect.any(String),
      type: 'application.submitted',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      municipality: 'tartu',
      data: { applicationId: first, reference },
    });
    expect(firstReceipt.body).not.toMatch(/Mari|Maasikas|felling/i);
    // The timestamp is this attempt's; the id is the delivery's.
    expect(Math.abs(Number(firstReceipt.timestamp) - Date.now() / 1000)).toBeLessThan(30);
    const [delivery] = await settled(first, 'application.submitted', 'delivered');
    expect(delivery).toMatchObject({ id: firstReceipt.webhookId, attempts: 1, last_status: 200, last_error: null });
    expect(body.id).toBe(delivery.outbox_id);
    await outboxDone(first, 'application.submitted');
    expect(await log()).toEqual([
      expect.objectContaining({
        id: delivery.id,
        event: 'application.submitted',
        status: 'delivered',
        attempts: 1,
        lastStatus: 200,
      }),
    ]);
  });

  it('lets the receiver detect a replayed, an altered and a stale copy', async () => {
    const headers = {
      'Townhall-Webhook-Id': firstReceipt.webhookId!,
      'Townhall-Webhook-Timestamp': firstReceipt.timestamp!,
      'Townhall-Webhook-Signature': firstReceipt.signature!,
    };
    expect(await receiver.post(headers, firstReceipt.body)).toEqual({ status: 409, verdict: 'replayed' });
    const altered = firstReceipt.body.replace('"municipality":"tartu"', '"municipality":"espoo"');
    expect(altered).not.toBe(firstReceipt.body);
    expect(await receiver.post(headers, altered)).toEqual({ status: 401, verdict: 'bad-signature' });
    // Even a byte the JSON does not care about.
    expect(await receiver.post(headers, `${firstReceipt.body} `)).toEqual({ status: 401, verdict: 'bad-signature' });
    // Another timestamp under the old signature.
    const later = String(Number(firstReceipt.timestamp) + 1);
    expect(await receiver.post({ ...headers, 'Townhall-Webhook-Timestamp': later }, firstReceipt.body)).toEqual({
      status: 401,
      verdict: 'bad-signature',
    });
    // Signed right (the documented algorithm, computed here) but ten minutes old: stale.
    const now = Math.floor(Date.now() / 1000);
    const old = now - 600;
    const fresh = { 'Townhall-Webhook-Id': randomUUID() };
    expect(
      await receiver.post(
        {
          ...headers,
          ...fresh,
          'Townhall-Webhook-Timestamp': String(old),
          'Townhall-Webhook-Signature': sign(webhook.secret, old, firstReceipt.body),
        },
        firstReceipt.body,
      ),
    ).toEqual({ status: 401, verdict: 'stale' });
    // Signed with another secret: refused; signed right and now: taken (the recipe and the sender agree).
    expect(
      await receiver.post(
        {
          ...headers,
          ...fresh,
          'Townhall-Webhook-Timestamp': String(now),
          'Townhall-Webhook-Signature': sign('whsec_other', now, firstReceipt.body),
        },
        firstReceipt.body,
      ),
    ).toEqual({ status: 401, verdict: 'bad-signature' });
    expect(
      await receiver.post(
        {
          ...headers,
          ...fresh,
          'Townhall-Webhook-Timestamp': String(now),
          'Townhall-Webhook-Signature': sign(webhook.secret, now, firstReceipt.body),
        },
        firstReceipt.body,
      ),
    ).toEqual({ status: 200, verdict: 'valid' });
  });

  it('retries a receiver that fails twice, then delivers; the log shows the attempts', async () => {
    await receiver.fault('fail', 2, 503);
    const [{ version }] = await db.query<{ version: number }>(`select version from applications where id = $1`, [
      first,
    ]);
    const withdrawn = await mari.request(at('tartu', `/applications/${first}/withdraw`), {
      form: {
        _csrf: hiddenField((await mari.request(at('tartu', `/applications/${first}`))).body, '_csrf')!,
        version: String(version),
      },
    });
    expect(withdrawn.status).toBe(303);
    const [delivery] = await settled(first, 'application.withdrawn', 'delivered');
    expect(delivery).toMatchObject({ attempts: 3, last_status: 200, last_error: null });
    const receipts = (await receiver.receipts()).filter((r) => r.webhookId === delivery.id).reverse();
    expect(receipts.map((r) => [r.answered, r.fault, r.verdict, r.redelivery])).toEqual([
      [503, 'fail', 'valid', false],
      [503, 'fail', 'valid', false],
      [200, null, 'valid', false],
    ]);
    // Each attempt signed afresh; the body the same bytes.
    expect(new Set(receipts.map((r) => r.signature)).size).toBe(3);
    expect(new Set(receipts.map((r) => r.body)).size).toBe(1);
    expect((await log()).find((d) => d.id === delivery.id)).toMatchObject({
      event: 'application.withdrawn',
      status: 'delivered',
      attempts: 3,
      lastStatus: 200,
    });
    await outboxDone(first, 'application.withdrawn');
  });

  let second: string;

  it('gives up on a receiver that hangs after the timeout, and tries again', async () => {
    await receiver.fault('hang', 1);
    second = await applyForFellingPermit(mari, at('tartu'));
    const [delivery] = await settled(second, 'application.submitted', 'delivered');
    expect(delivery).toMatchObject({ attempts: 2, last_status: 200 });
    const receipts = (await receiver.receipts()).filter((r) => r.webhookId === delivery.id).reverse();
    expect(receipts.map((r) => [r.answered, r.fault, r.verdict])).toEqual([
      [null, 'hang', 'valid'],
      [200, null, 'valid'],
    ]);
  });

  it('gives a delivery up after the last attempt; the office sends it again and the receiver takes it', async () => {
    await receiver.fault('fail', 10, 500);
    await take(second, 'start-review');
    await take(second, 'request-information', 'Please add a photo of the trees.');
    const [failed] = await settled(second, 'application.information-requested', 'failed');
    expect(failed).toMatchObject({ attempts: 3, last_status: 500 });
    expect(failed.last_error).toContain('the receiver answered 500');
    await outboxDone(second, 'application.information-requested');
    await receiver.fault(null);

    const page = await admin.browser.request(at('tartu', `/office/settings/webhooks/${webhook.id}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('HTTP 500');
    expect(page.body).toContain(`/office/settings/webhooks/${webhook.id}/deliveries/${failed.id}/resend`);
    // The body the receiver would have got never holds the official's text.
    const [{ body }] = await db.query<{ body: string }>(`select body from webhook_deliveries where id = $1`, [
      failed.id,
    ]);
    expect(body).not.toContain('photo');
    const before = Math.floor(Date.now() / 1000);
    const resent = await admin.browser.request(
      at('tartu', `/office/settings/webhooks/${webhook.id}/deliveries/${failed.id}/resend`),
      { form: { _csrf: hiddenField(page.body, '_csrf')! } },
    );
    expect(resent.status).toBe(303);
    expect(resent.location).toBe(at('tartu', `/office/settings/webhooks/${webhook.id}?done=resent`));
    const taken = await receiver.waitFor((r) => r.webhookId === failed.id && r.answered === 200);
    expect(taken).toMatchObject({ verdict: 'valid', redelivery: false, body });
    expect(Number(taken.timestamp)).toBeGreaterThanOrEqual(before);
    const [after] = await settled(second, 'application.information-requested', 'delivered');
    expect(after).toMatchObject({ id: failed.id, attempts: 4, last_status: 200, last_error: null });
    expect(
      (await admin.browser.request(at('tartu', `/office/settings/webhooks/${webhook.id}?done=resent`))).body,
    ).toContain('Sent again');
  });

  it('sends a delivered webhook again on request: same id and body, a new timestamp and signature', async () => {
    const [delivered] = await deliveriesOf(first, 'application.submitted');
    const resent = await admin.browser.request(
      at('tartu', `/api/v1/office/webhooks/${webhook.id}/deliveries/${delivered.id}/resend`),
      { method: 'POST', headers: json(admin.csrf) },
    );
    expect(resent.status).toBe(202);
    expect(JSON.parse(resent.body)).toMatchObject({ id: delivered.id, status: 'pending' });
    const again = await receiver.waitFor((r) => r.webhookId === delivered.id && r.redelivery);
    expect(again).toMatchObject({ verdict: 'valid', answered: 200, body: firstReceipt.body });
    expect(again.timestamp).not.toBe(firstReceipt.timestamp);
    expect(again.signature).not.toBe(firstReceipt.signature);
    const [after] = await settled(first, 'application.submitted', 'delivered');
    expect(after.attempts).toBe(2);
    // Unknown deliveries are missing, whatever the id looks like.
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const missing = await admin.browser.request(
        at('tartu', `/api/v1/office/webhooks/${webhook.id}/deliveries/${id}/resend`),
        { method: 'POST', headers: json(admin.csrf) },
      );
      expect(missing.status).toBe(404);
    }
  });

  it("keeps a municipality's webhooks from another's admin and events", async () => {
    const missing = async (method: string, path: string) => {
      const answer = await espooAdmin.browser.request(at('espoo', path), { method, headers: json(espooAdmin.csrf) });
      return { path, status: answer.status, detail: (JSON.parse(answer.body) as { detail?: string }).detail };
    };
    const [delivered] = await deliveriesOf(first, 'application.submitted');
    for (const [method, path] of [
      ['GET', `/api/v1/office/webhooks/${webhook.id}`],
      ['GET', `/api/v1/office/webhooks/${webhook.id}/deliveries`],
      ['POST', `/api/v1/office/webhooks/${webhook.id}/deliveries/${delivered.id}/resend`],
      ['POST', `/api/v1/office/webhooks/${webhook.id}/disable`],
      ['POST', `/api/v1/office/webhooks/${webhook.id}/rotate-secret`],
      ['DELETE', `/api/v1/office/webhooks/${webhook.id}`],
    ]) {
      const foreign = await missing(method, path);
      const unknown = await missing(method, path.replace(webhook.id, randomUUID()));
      expect(foreign).toEqual({ ...unknown, path });
      expect(foreign.status).toBe(404);
    }
    expect((await espooAdmin.browser.request(at('espoo', `/office/settings/webhooks/${webhook.id}`))).status).toBe(404);
    const list = await espooAdmin.browser.request(at('espoo', '/api/v1/office/webhooks'), {
      headers: json(espooAdmin.csrf),
    });
    expect(JSON.parse(list.body)).toEqual([]);
    // Nothing of Espoo's reaches Tartu's system.
    const before = (await receiver.receipts()).length;
    const espooApplication = await applyForFellingPermit(await citizen('espoo'), at('espoo'));
    await outboxDone(espooApplication, 'application.submitted');
    expect(
      await db.query(`select 1 from webhook_deliveries d join tenants t on t.id = d.tenant_id where t.slug = 'espoo'`),
    ).toEqual([]);
    expect((await receiver.receipts()).length).toBe(before);
    // Still Tartu's, unchanged.
    expect(
      (await admin.browser.request(at('tartu', `/api/v1/office/webhooks/${webhook.id}`), { headers: json(admin.csrf) }))
        .status,
    ).toBe(200);
    // Only admins.
    expect(
      (await owner.browser.request(at('tartu', '/api/v1/office/webhooks'), { headers: json(owner.csrf) })).status,
    ).toBe(403);
  });

  it('sends nothing while disabled, signs with a rotated secret, and deletes a subscription with its log', async () => {
    const disabled = await admin.browser.request(at('tartu', `/office/settings/webhooks/${webhook.id}/disable`), {
      form: { _csrf: admin.csrf },
    });
    expect(disabled.status).toBe(303);
    const quiet = await applyForFellingPermit(mari, at('tartu'));
    await outboxDone(quiet, 'application.submitted');
    expect(await deliveriesOf(quiet, 'application.submitted')).toEqual([]);
    // A disabled webhook's delivery is not sent again.
    const [delivered] = await deliveriesOf(first, 'application.submitted');
    const refused = await admin.browser.request(
      at('tartu', `/api/v1/office/webhooks/${webhook.id}/deliveries/${delivered.id}/resend`),
      { method: 'POST', headers: json(admin.csrf) },
    );
    expect(refused.status).toBe(409);

    const enabled = await admin.browser.request(at('tartu', `/api/v1/office/webhooks/${webhook.id}/enable`), {
      method: 'POST',
      headers: json(admin.csrf),
    });
    expect(JSON.parse(enabled.body)).toMatchObject({ enabled: true, disabledAt: null });
    const rotated = await admin.browser.request(at('tartu', `/api/v1/office/webhooks/${webhook.id}/rotate-secret`), {
      method: 'POST',
      headers: json(admin.csrf),
    });
    expect(rotated.status).toBe(200);
    const secret = (JSON.parse(rotated.body) as { secret: string }).secret;
    expect(secret).not.toBe(webhook.secret);
    await receiver.configure(secret);
    const loud = await applyForFellingPermit(mari, at('tartu'));
    const [delivery] = await settled(loud, 'application.submitted', 'delivered');
    const receipt = await receiver.waitFor((r) => r.webhookId === delivery.id);
    expect(receipt.verdict).toBe('valid');
    // The old secret no longer makes the signature.
    expect(receipt.signature).not.toBe(sign(webhook.secret, Number(receipt.timestamp), receipt.body));
    expect(receipt.signature).toBe(sign(secret, Number(receipt.timestamp), receipt.body));

    const deleted = await admin.browser.request(at('tartu', `/api/v1/office/webhooks/${webhook.id}`), {
      method: 'DELETE',
      headers: json(admin.csrf),
    });
    expect(deleted.status).toBe(204);
    expect(await db.query(`select 1 from webhook_subscriptions`)).toEqual([]);
    expect(await db.query(`select 1 from webhook_deliveries`)).toEqual([]);
    expect(
      (await admin.browser.request(at('tartu', `/api/v1/office/webhooks/${webhook.id}`), { headers: json(admin.csrf) }))
        .status,
    ).toBe(404);
    // Every event was handled to its end: none is left open for the sweep.
    const [{ open }] = await until(
      () => db.query<{ open: number }>(`select count(*)::int as open from outbox where processed_at is null`),
      (rows) => rows[0].open === 0,
    );
    expect(open).toBe(0);
  });
});
