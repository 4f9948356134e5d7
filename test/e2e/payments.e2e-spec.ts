import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import {
  computeFee,
  OpenPaymentUseCase,
  OwedRefunds,
  PaymentExpirySweeper,
  PaymentPurposes,
  type PaymentEntity,
  type SettledPayment,
} from '@townhall/payments';
import { ApplyTenantFilesUseCase, TenantDatabase, type TenantEntity } from '@townhall/tenancy';
import { seedTenants, startApi, startCli, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { localFetch } from '../support/local-fetch.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Payments end to end, with the real api and worker, PostgreSQL and the sandbox's gateway
 * (Sandbox Pay): a citizen pays a fee computed on the server through the gateway's page; the
 * gateway's signed callback is the source of truth, taken once however many copies come, in
 * whatever order; forged, altered and other municipalities' callbacks are refused and logged;
 * an unpaid session expires; the receipt is a PDF; the finance department reconciles (page and
 * CSV) and refunds.
 */
describe('payments: fees paid through the gateway, callbacks taken once', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let sandboxBase: string;
  let env: Record<string, string>;
  let port: number;
  let tenants: Record<'tartu' | 'espoo', TenantEntity>;
  let mari: HttpBrowser;
  let espooCitizen: HttpBrowser;
  let admin: { browser: HttpBrowser; csrf: string };
  /** What the purpose handler (the seam bookings and cases use) was told, per payment. */
  const told: { hook: string; payment: SettledPayment }[] = [];

  const at = (slug: string, path = '') => `http://${slug}.localhost:${port}${path}`;
  const hire = { due: 'on-submit' as const, rules: [] as never[] };
  const label = { en: 'Room hire: 50 € an hour', et: 'Ruumi rent: 50 € tunnis' };
  /** 50 € an hour for 2 hours, computed on the server: 100 €. */
  const fee = computeFee({
    fees: { ...hire, rules: [{ id: 'hire', label, amount: { '*': [5000, { var: '$hours' }] } }] as never },
    answers: {},
    facts: { hours: 2 },
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    sandboxBase = started.base;
    env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}` });
    // The merchants' secrets, as a deployment's environment holds them (the sandbox's development ones).
    process.env.TEST_TARTU_PAYMENTS_SECRET = 'sandbox-pay-secret-tartu';
    process.env.TEST_ESPOO_PAYMENTS_SECRET = 'sandbox-pay-secret-espoo';
    const payments = (merchant: string) => ({
      methods: ['card', 'bank-link', 'at-office'],
      gateway: {
        url: `${sandboxBase}/payments`,
        merchantId: merchant,
        secretRef: `TEST_${merchant.toUpperCase()}_PAYMENTS_SECRET`,
      },
    });
    const [tartu, espoo] = await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        staff: [{ email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' }],
        payments: payments('tartu'),
      } as never),
      tenantSpec('espoo', {
        identityProvider: sandboxProviders(started.base, 'espoo'),
        payments: payments('espoo'),
      } as never),
    ]);
    tenants = { tartu, espoo };
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    worker = await startWorker(env);
    // Each purpose's own handler is tested with its library (bookings: test/e2e/bookings-payments;
    // cases: its fees). Here a stand-in hears every change of an application fee's payment, so
    // that payments is tested on its own (the payments below are for no real application).
    for (const app of [api, worker]) {
      const hooks = {
        paid: async (payment: SettledPayment) => void told.push({ hook: 'paid', payment }),
        lapsed: async (payment: SettledPayment) => void told.push({ hook: 'lapsed', payment }),
        refunded: async (payment: SettledPayment) => void told.push({ hook: 'refunded', payment }),
      };
      const purposes = app.get(PaymentPurposes);
      const registered = purposes.handlerOf('application-fee');
      if (registered) Object.assign(registered, hooks);
      else purposes.register({ kind: 'application-fee', ...hooks });
    }
    mari = await citizen('tartu', 'mari-maasikas');
    espooCitizen = await citizen('espoo', 'mari-maasikas');
    admin = await official('tartu', 'tartu-admin');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
    delete process.env.TEST_TARTU_PAYMENTS_SECRET;
    delete process.env.TEST_ESPOO_PAYMENTS_SECRET;
  });

  async function citizen(slug: string, persona: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at(slug, '/auth/login'), { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    return browser;
  }

  async function official(slug: string, persona: string): Promise<{ browser: HttpBrowser; csrf: string }> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at(slug, '/office/auth/login'), { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    return { browser, csrf: hiddenField((await browser.request(at(slug, '/office'))).body, '_csrf')! };
  }

  /** The citizen's id at a municipality (the payer), from their session's first page. */
  async function citizenId(slug: 'tartu' | 'espoo'): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `select id from citizens where tenant_id = $1 order by last_login_at desc limit 1`,
      [tenants[slug].id],
    );
    return row.id;
  }

  /** What a library that asks for money does: open a payment for its purpose, in the municipality's context. */
  async function openPayment(slug: 'tartu' | 'espoo', expiresAt?: Date): Promise<PaymentEntity> {
    const payerId = await citizenId(slug);
    const tenant = { id: tenants[slug].id, slug };
    return api.get(TenantDatabase).runAs(tenant, () =>
      api.get(OpenPaymentUseCase).execute({
        purpose: { kind: 'application-fee', id: crypto.randomUUID() },
        payerId,
        description: { en: 'Auditorium, Tuesday 18:00–20:00', et: 'Aula, teisipäev 18:00–20:00' },
        lines: fee.lines,
        returnPath: '/me/bookings',
        ...(expiresAt ? { expiresAt } : {}),
      }),
    );
  }

  /** The payer chooses card, and does `outcome` on the gateway's page; answers the gateway's session id and the return. */
  async function payThroughGateway(
    browser: HttpBrowser,
    slug: string,
    paymentId: string,
    outcome: 'paid' | 'cancelled' | 'failed' = 'paid',
  ): Promise<{ sessionId: string; back: string }> {
    const page = await browser.request(at(slug, `/payments/${paymentId}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('€100.00');
    const started = await browser.request(at(slug, `/payments/${paymentId}/start`), {
      form: { method: 'card', _csrf: hiddenField(page.body, '_csrf')! },
    });
    expect(started.status).toBe(303);
    expect(started.location).toMatch(new RegExp(`^${sandboxBase}/payments/pay/ses_`));
    const gateway = await browser.request(started.location!);
    expect(gateway.status).toBe(200);
    expect(gateway.body).toContain('Pay €100.00');
    const chosen = await browser.request(started.location!, { form: { outcome } });
    expect(chosen.status).toBe(303);
    return { sessionId: started.location!.split('/').pop()!, back: chosen.location! };
  }

  const gatewaySession = async (id: string) =>
    (await (await fetch(`${sandboxBase}/payments/v1/sessions/${id}`)).json()) as {
      status: string;
      callbacks: { eventId: string; status: string; answered: number | null; verdict: string | null }[];
    };
  const setCallbacks = (merchant: string, behaviour: { mode: 'normal' | 'none'; copies?: number; delayMs?: number }) =>
    fetch(`${sandboxBase}/payments/v1/merchants/${merchant}/callbacks`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(behaviour),
    });
  const resend = async (sessionId: string, body: Record<string, unknown>) =>
    (
      (await (
        await fetch(`${sandboxBase}/payments/v1/sessions/${sessionId}/callbacks`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { callbacks: { answered: number; verdict: string }[] }
    ).callbacks;
  const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > end) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const paymentRow = async (id: string) =>
    (
      await db.query<{ status: string; receipt_number: string | null; paid_at: Date | null; amount: number }>(
        `select status, receipt_number, paid_at, amount from payments where id = $1`,
        [id],
      )
    )[0];
  const verdicts = async (tenantId: string, paymentId?: string) =>
    (
      await db.query<{ verdict: string; source: string; body_sha256: string | null; repeats: number }>(
        `select verdict, source, body_sha256, repeats from payment_events where tenant_id = $1 and ${paymentId ? 'payment_id = $2' : 'payment_id is null'} order by received_at`,
        paymentId ? [tenantId, paymentId] : [tenantId],
      )
    ).map((e) => e);

  /** A callback as the gateway would send it, signed with `secret` (the test knows the protocol). */
  function callback(values: Record<string, string | number>, secret: string): { body: string; signature: string } {
    const order = ['merchantId', 'sessionId', 'reference', 'eventId', 'status', 'amount', 'currency', 'sentAt'];
    const text = ['callback', ...order.map((f) => String(values[f]))]
      .map((v) => `${Buffer.byteLength(v)}:${v}`)
      .join('|');
    return { body: JSON.stringify(values), signature: `v1=${createHmac('sha256', secret).update(text).digest('hex')}` };
  }
  const postCallback = (slug: string, signed: { body: string; signature: string }) =>
    localFetch(
      new Request(at(slug, '/api/v1/payments/callback'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Signature': signed.signature },
        body: signed.body,
      }),
    );

  let paid: PaymentEntity;
  let paidSession: string;

  it('refuses a tenant file whose payments section is wrong, naming each field by its path', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'townhall-tenants-'));
    try {
      mkdirSync(path.join(folder, 'oulu'));
      writeFileSync(
        path.join(folder, 'oulu', 'tenant.yaml'),
        [
          'slug: oulu',
          'name: Oulun kaupunki',
          'locales: [fi, en]',
          'defaultLocale: fi',
          'timeZone: Europe/Helsinki',
          "branding: { primaryColor: '#00558c' }",
          'payments:',
          '  methods: [card, cash]',
          '  gateway: { url: ftp://pay, merchantId: oulu, secretRef: oulu-secret }',
        ].join('\n'),
      );
      const cli = await startCli(env);
      try {
        const refused = await cli
          .get(ApplyTenantFilesUseCase)
          .read(folder)
          .then(
            () => 'accepted',
            (error: Error) => error.message,
          );
        expect(refused).toMatch(/payments\.methods: each method must be one of card, bank-link, invoice, at-office/);
        expect(refused).toMatch(/payments\.gateway\.url: url must be an http\(s\) URL/);
        expect(refused).toMatch(/payments\.gateway\.secretRef: secretRef must name an environment variable/);
      } finally {
        await cli.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('computes the fee on the server in integer minor units: 50 € an hour for two hours is 10000 cents', () => {
    expect(fee).toEqual({ lines: [{ id: 'hire', label, amount: 10000 }], total: 10000 });
  });

  it('takes 10 concurrent copies of the callback once: one accepted, nine duplicates, every copy answered 200', async () => {
    paid = await openPayment('tartu');
    expect(paid).toMatchObject({ status: 'created', amount: 10000, currency: 'EUR' });
    await setCallbacks('tartu', { mode: 'normal', copies: 10 });
    try {
      const { sessionId } = await payThroughGateway(mari, 'tartu', paid.id);
      paidSession = sessionId;
      const session = await until(
        () => gatewaySession(sessionId),
        (s) => s.callbacks.length === 10,
      );
      expect(session.callbacks.map((c) => c.answered)).toEqual(Array(10).fill(200));
      expect(new Set(session.callbacks.map((c) => c.eventId)).size).toBe(1);
    } finally {
      await setCallbacks('tartu', { mode: 'normal' });
    }
    const events = await verdicts(tenants.tartu.id, paid.id);
    expect(events.filter((e) => e.verdict === 'accepted')).toHaveLength(1);
    expect(events.filter((e) => e.verdict === 'duplicate')).toHaveLength(9);
    // The body's hash as it came, the same bytes for every copy.
    expect(new Set(events.map((e) => e.body_sha256)).size).toBe(1);
    expect(events[0].body_sha256).toMatch(/^[0-9a-f]{64}$/);
    const row = await paymentRow(paid.id);
    expect(row.status).toBe('paid');
    expect(row.receipt_number).toMatch(/^\d{4}-000001$/);
    // The purpose was told once, and the payer will be told once.
    expect(told.filter((t) => t.hook === 'paid' && t.payment.id === paid.id)).toHaveLength(1);
    const [{ count }] = await db.query<{ count: number }>(
      `select count(*)::int as count from outbox where event = 'payment.received' and payload->>'path' = $1`,
      [`/payments/${paid.id}`],
    );
    expect(count).toBe(1);
  });

  it('shows the payer the payment as paid, with the receipt, and the receipt downloads as a PDF', async () => {
    const page = await mari.request(at('tartu', `/payments/${paid.id}`));
    expect(page.body).toContain('Paid');
    expect(page.body).toContain(`/payments/${paid.id}/receipt.pdf`);
    const pdf = await mari.request(at('tartu', `/payments/${paid.id}/receipt.pdf`));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
    // Another person (and another municipality) finds no such payment.
    expect((await espooCitizen.request(at('espoo', `/payments/${paid.id}/receipt.pdf`))).status).toBe(404);
    expect((await espooCitizen.request(at('espoo', `/payments/${paid.id}`))).status).toBe(404);
  });

  it('ignores a failed callback after paid (out of order) and a replay of paid, answering both 200', async () => {
    const [late] = await resend(paidSession, { status: 'failed' });
    expect(late).toMatchObject({ answered: 200, verdict: 'out-of-order' });
    const [replay] = await resend(paidSession, { status: 'paid' });
    expect(replay).toMatchObject({ answered: 200, verdict: 'duplicate' });
    expect((await paymentRow(paid.id)).status).toBe('paid');
  });

  it('refuses a callback with an altered amount, even signed by the gateway, and logs it', async () => {
    const [altered] = await resend(paidSession, { status: 'paid', amount: 1 });
    expect(altered.answered).toBe(422);
    expect((await verdicts(tenants.tartu.id, paid.id)).some((e) => e.verdict === 'amount-mismatch')).toBe(true);
    expect((await paymentRow(paid.id)).amount).toBe(10000);
  });

  it('refuses a forged signature (401) and a body altered after signing, and logs both', async () => {
    const payment = await openPayment('tartu');
    const { sessionId, back } = await (async () => {
      await setCallbacks('tartu', { mode: 'none' });
      try {
        return await payThroughGateway(mari, 'tartu', payment.id);
      } finally {
        await setCallbacks('tartu', { mode: 'normal' });
      }
    })();
    const values = {
      merchantId: 'tartu',
      sessionId,
      reference: payment.id,
      eventId: 'evt_forged',
      status: 'paid',
      amount: 10000,
      currency: 'EUR',
      sentAt: new Date().toISOString(),
    };
    const forged = await postCallback('tartu', callback(values, 'not-the-merchant-secret'));
    expect(forged.status).toBe(401);
    const signed = callback({ ...values, amount: 1 }, 'sandbox-pay-secret-tartu');
    const tampered = await postCallback('tartu', {
      body: JSON.stringify({ ...values, amount: 1 }).replace('"amount":1', '"amount":10000'),
      signature: signed.signature,
    });
    expect(tampered.status).toBe(401);
    // Both logged, as one row counting them: the same refusal of the same payment.
    expect((await verdicts(tenants.tartu.id, payment.id)).map((e) => [e.verdict, e.repeats])).toEqual([
      ['bad-signature', 2],
    ]);
    expect((await paymentRow(payment.id)).status).toBe('pending');
    // The payer's signed return came, the callback did not: "being confirmed", never "paid".
    expect(back).toContain(`/payments/${payment.id}/return?`);
    const returned = await mari.request(back);
    expect(returned.status).toBe(303);
    expect(returned.location).toBe(at('tartu', `/payments/${payment.id}?returned=paid`));
    const page = await mari.request(returned.location!);
    expect(page.body).toContain('Payment being confirmed');
    expect(page.body).not.toContain('Download the receipt');
    // A return whose signed fields were changed is refused.
    const altered = await mari.request(back.replace('amount=10000', 'amount=1'));
    expect(altered.status).toBe(400);
    // The genuine callback, sent at last, is taken.
    const [genuine] = await resend(sessionId, { status: 'paid' });
    expect(genuine).toMatchObject({ answered: 200, verdict: 'accepted' });
  });

  it("refuses a callback for another municipality's payment (403 wrong-tenant, 404 unknown) and logs it there", async () => {
    const espooPayment = await openPayment('espoo');
    await setCallbacks('espoo', { mode: 'none' });
    let sessionId: string;
    try {
      ({ sessionId } = await payThroughGateway(espooCitizen, 'espoo', espooPayment.id));
    } finally {
      await setCallbacks('espoo', { mode: 'normal' });
    }
    const values = {
      merchantId: 'espoo',
      sessionId,
      reference: espooPayment.id,
      eventId: 'evt_elsewhere',
      status: 'paid',
      amount: 10000,
      currency: 'EUR',
      sentAt: new Date().toISOString(),
    };
    // Espoo's genuine callback, delivered to Tartu.
    const wrong = await postCallback('tartu', callback(values, 'sandbox-pay-secret-espoo'));
    expect(wrong.status).toBe(403);
    // Signed as Tartu's merchant, naming Espoo's payment: Tartu has no such payment.
    const unknown = await postCallback(
      'tartu',
      callback({ ...values, merchantId: 'tartu' }, 'sandbox-pay-secret-tartu'),
    );
    expect(unknown.status).toBe(404);
    expect((await verdicts(tenants.tartu.id)).map((e) => e.verdict)).toEqual(['wrong-tenant', 'unknown']);
    expect((await paymentRow(espooPayment.id)).status).toBe('pending');
    // Espoo's own callback at Espoo is taken.
    expect((await postCallback('espoo', callback(values, 'sandbox-pay-secret-espoo'))).status).toBe(200);
    expect((await paymentRow(espooPayment.id)).status).toBe('paid');
    // Receipt numbers are each municipality's own sequence.
    expect((await paymentRow(espooPayment.id)).receipt_number).toMatch(/-000001$/);
  });

  it('answers each of 1,000 forged callbacks 401, and keeps a bounded number of rows that count them', async () => {
    const payment = await openPayment('tartu');
    await setCallbacks('tartu', { mode: 'none' });
    let sessionId: string;
    try {
      ({ sessionId } = await payThroughGateway(mari, 'tartu', payment.id));
    } finally {
      await setCallbacks('tartu', { mode: 'normal' });
    }
    const rowsBefore = await db.query<{ count: number }>(
      `select count(*)::int as count from payment_events where tenant_id = $1`,
      [tenants.tartu.id],
    );
    // Half name the payment, half a payment that is not there; each a body of its own.
    const forgeries = Array.from({ length: 1000 }, (_, i) =>
      callback(
        {
          merchantId: 'tartu',
          sessionId,
          reference: i % 2 === 0 ? payment.id : crypto.randomUUID(),
          eventId: `evt_forged_${i}`,
          status: 'paid',
          amount: 10000,
          currency: 'EUR',
          sentAt: new Date().toISOString(),
        },
        'not-the-merchant-secret',
      ),
    );
    const answers: number[] = [];
    for (let i = 0; i < forgeries.length; i += 50) {
      const batch = await Promise.all(forgeries.slice(i, i + 50).map((f) => postCallback('tartu', f)));
      answers.push(...batch.map((r) => r.status));
    }
    expect(answers).toEqual(Array(1000).fill(401));
    const rows = await db.query<{ payment_id: string | null; verdict: string; repeats: number }>(
      `select payment_id, verdict, repeats from payment_events where tenant_id = $1 and verdict = 'bad-signature'
        and (payment_id = $2 or payment_id is null)`,
      [tenants.tartu.id, payment.id],
    );
    // One row for the payment, one for those naming none: every copy counted, none lost.
    expect(rows.map((r) => [r.payment_id, r.repeats]).sort()).toEqual(
      [
        [payment.id, 500],
        [null, 500],
      ].sort(),
    );
    const [{ count: rowsAfter }] = await db.query<{ count: number }>(
      `select count(*)::int as count from payment_events where tenant_id = $1`,
      [tenants.tartu.id],
    );
    expect(rowsAfter - rowsBefore[0].count).toBeLessThanOrEqual(2);
    // And the gateway's genuine callback still gets through.
    const [genuine] = await resend(sessionId, { status: 'paid' });
    expect(genuine).toMatchObject({ answered: 200, verdict: 'accepted' });
    expect((await paymentRow(payment.id)).status).toBe('paid');
  });

  it('answers a malformed callback 400 and changes nothing', async () => {
    const response = await localFetch(
      new Request(at('tartu', '/api/v1/payments/callback'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ merchantId: 'tartu', amount: 'lots' }),
      }),
    );
    expect(response.status).toBe(400);
  });

  it('expires an unpaid session: the worker sweep marks it expired, tells the purpose, and it can no longer be paid', async () => {
    const payment = await openPayment('tartu', new Date(Date.now() + 1_000));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await worker.get(PaymentExpirySweeper).sweep()).toBeGreaterThanOrEqual(1);
    expect((await paymentRow(payment.id)).status).toBe('expired');
    expect((await verdicts(tenants.tartu.id, payment.id)).map((e) => [e.source, e.verdict])).toEqual([
      ['sweep', 'accepted'],
    ]);
    expect(told.filter((t) => t.hook === 'lapsed' && t.payment.id === payment.id)).toHaveLength(1);
    const page = await mari.request(at('tartu', `/payments/${payment.id}`));
    expect(page.body).toContain('Payment time ran out');
    const start = await mari.request(at('tartu', `/payments/${payment.id}/start`), {
      form: { method: 'card', _csrf: hiddenField(page.body, '_csrf') ?? '' },
      headers: { Accept: 'application/json' },
    });
    expect(start.status).toBe(409);
  });

  it('refuses a method the municipality does not offer, naming the field', async () => {
    const payment = await openPayment('tartu');
    const page = await mari.request(at('tartu', `/payments/${payment.id}`));
    const start = await mari.request(at('tartu', `/payments/${payment.id}/start`), {
      form: { method: 'invoice', _csrf: hiddenField(page.body, '_csrf')! },
      headers: { Accept: 'application/json' },
    });
    expect(start.status).toBe(400);
    expect(start.body).toContain('method');
    expect((await paymentRow(payment.id)).status).toBe('created');
  });

  it('lists the payment for the finance department, on the page and in the CSV, filtered by status and method', async () => {
    const page = await admin.browser.request(at('tartu', '/office/payments?status=paid&method=card'));
    expect(page.status).toBe(200);
    const receipt = (await paymentRow(paid.id)).receipt_number!;
    expect(page.body).toContain(receipt);
    const csv = await admin.browser.request(at('tartu', '/office/payments.csv?status=paid'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('receipt_number,payment_id');
    const line = lines.find((l) => l.includes(paid.id))!;
    expect(line).toContain(receipt);
    expect(line).toContain('100.00,10000,EUR');
    expect(line).toContain(paidSession);
    const expired = await admin.browser.request(at('tartu', '/office/payments.csv?status=expired'));
    expect(expired.body).not.toContain(paid.id);
    // A citizen is no finance department.
    expect((await mari.request(at('tartu', '/office/payments.csv'))).status).not.toBe(200);
    const bad = await admin.browser.request(at('tartu', '/office/payments.csv?status=stolen'), {
      headers: { Accept: 'application/json' },
    });
    expect(bad.status).toBe(400);
    // A day that is not in the calendar is the asker's mistake, named, not the database's.
    const impossible = await admin.browser.request(at('tartu', '/office/payments.csv?from=2026-02-30'), {
      headers: { Accept: 'application/json' },
    });
    expect(impossible.status).toBe(400);
    expect(impossible.body).toContain('from must be a day of the calendar');
  });

  it('refunds a paid payment through the gateway, once', async () => {
    const refunded = await admin.browser.request(at('tartu', `/office/payments/${paid.id}/refund`), {
      form: { _csrf: admin.csrf },
    });
    expect(refunded.status).toBe(303);
    expect((await paymentRow(paid.id)).status).toBe('refunded');
    expect((await gatewaySession(paidSession)).status).toBe('refunded');
    expect(told.filter((t) => t.hook === 'refunded' && t.payment.id === paid.id)).toHaveLength(1);
    const again = await admin.browser.request(at('tartu', `/office/payments/${paid.id}/refund`), {
      form: { _csrf: admin.csrf },
      headers: { Accept: 'application/json' },
    });
    expect([303, 409]).toContain(again.status);
    expect(told.filter((t) => t.hook === 'refunded' && t.payment.id === paid.id)).toHaveLength(1);
    // The payer is told once, and why.
    const messages = await db.query<{ payload: { refundReason: string } }>(
      `select payload from outbox where event = 'payment.refunded' and payload->>'path' = $1`,
      [`/payments/${paid.id}`],
    );
    expect(messages.map((m) => m.payload.refundReason)).toEqual(['office']);
  });

  it('records an invoice or a payment at the desk by hand: received, then its owed refund given back, each once, the payer told how', async () => {
    const payment = await openPayment('tartu');
    const page = await mari.request(at('tartu', `/payments/${payment.id}`));
    const chose = await mari.request(at('tartu', `/payments/${payment.id}/start`), {
      form: { method: 'at-office', _csrf: hiddenField(page.body, '_csrf')! },
    });
    expect(chose.status).toBe(303);
    expect((await paymentRow(payment.id)).status).toBe('pending');
    expect((await mari.request(at('tartu', `/payments/${payment.id}`))).body).toContain(
      'the payment is recorded there',
    );

    // Only the finance department records it; a payment of another municipality is none of Tartu's.
    const byCitizen = await mari.request(at('tartu', `/office/payments/${payment.id}/received`), {
      form: { _csrf: admin.csrf },
      headers: { Accept: 'application/json' },
    });
    expect(byCitizen.status).toBeGreaterThanOrEqual(400);
    expect(byCitizen.status).toBeLessThan(500);
    const espooPayment = await openPayment('espoo');
    const elsewhere = await admin.browser.request(at('tartu', `/office/payments/${espooPayment.id}/received`), {
      form: { _csrf: admin.csrf },
      headers: { Accept: 'application/json' },
    });
    expect(elsewhere.status).toBe(404);
    // A gateway payment is recorded by the gateway's callback, never by hand.
    const gatewayPaid = await admin.browser.request(at('tartu', `/office/payments/${paid.id}/received`), {
      form: { _csrf: admin.csrf },
      headers: { Accept: 'application/json' },
    });
    expect(gatewayPaid.status).toBe(409);
    const tooLong = await admin.browser.request(at('tartu', `/office/payments/${payment.id}/received`), {
      form: { _csrf: admin.csrf, note: 'x'.repeat(201) },
      headers: { Accept: 'application/json' },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toContain('note must be at most 200 characters');
    expect((await paymentRow(payment.id)).status).toBe('pending');

    const received = await admin.browser.request(at('tartu', `/office/payments/${payment.id}/received`), {
      form: { _csrf: admin.csrf, note: 'Desk receipt 4711' },
    });
    expect(received.status).toBe(303);
    const receipt = (await paymentRow(payment.id)).receipt_number!;
    expect(receipt).toMatch(/^\d{4}-\d{6}$/);
    expect((await paymentRow(payment.id)).status).toBe('paid');
    const banner = await admin.browser.request(new URL(received.location!, at('tartu')).href);
    expect(banner.status).toBe(200);
    expect(banner.body).toContain(`The payment ${receipt} is recorded as received`);
    const twice = await admin.browser.request(at('tartu', `/office/payments/${payment.id}/received`), {
      form: { _csrf: admin.csrf },
    });
    expect(twice.status).toBe(303);
    expect(told.filter((t) => t.hook === 'paid' && t.payment.id === payment.id)).toHaveLength(1);
    const [event] = await db.query<{ source: string; verdict: string; reported: { by: string; note: string } }>(
      `select source, verdict, reported from payment_events where payment_id = $1 and verdict = 'accepted'`,
      [payment.id],
    );
    expect(event).toMatchObject({ source: 'office', verdict: 'accepted', reported: { note: 'Desk receipt 4711' } });
    expect(event.reported.by).toMatch(/^office:/);

    // The citizen cancels what it paid for: the money is owed back, which no gateway can give.
    await api
      .get(TenantDatabase)
      .runAs({ id: tenants.tartu.id, slug: 'tartu' }, () =>
        api
          .get(TenantDatabase)
          .run(() => api.get(OwedRefunds).owe('application-fee', payment.purposeId, 'booking-cancelled')),
      );
    await worker.get(PaymentExpirySweeper).sweep();
    expect((await paymentRow(payment.id)).status).toBe('paid');
    const owed = await admin.browser.request(at('tartu', '/office/payments?owed=yes'));
    expect(owed.status).toBe(200);
    expect(owed.body).toContain(receipt);
    expect(owed.body).toContain('Refund owed');
    expect(owed.body).toContain('You cancelled the booking.');
    expect(owed.body).not.toContain((await paymentRow(paid.id)).receipt_number!);
    expect((await mari.request(at('tartu', `/payments/${payment.id}`))).body).toContain(
      'gives it back by bank transfer or at its customer service desk',
    );

    // Given back: how must be said; the gateway's button is not for it.
    for (const reference of [undefined, '   ']) {
      const refused = await admin.browser.request(at('tartu', `/office/payments/${payment.id}/refund-given`), {
        form: { _csrf: admin.csrf, ...(reference === undefined ? {} : { reference }) },
        headers: { Accept: 'application/json' },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('reference must say how the money went back');
    }
    const viaGateway = await admin.browser.request(at('tartu', `/office/payments/${payment.id}/refund`), {
      form: { _csrf: admin.csrf },
      headers: { Accept: 'application/json' },
    });
    expect(viaGateway.status).toBe(409);
    expect(viaGateway.body).toContain('Record refund given');
    expect((await paymentRow(payment.id)).status).toBe('paid');

    const given = await admin.browser.request(at('tartu', `/office/payments/${payment.id}/refund-given`), {
      form: { _csrf: admin.csrf, reference: 'Bank transfer 2026-11-24, ref 9001' },
    });
    expect(given.status).toBe(303);
    expect((await admin.browser.request(new URL(given.location!, at('tartu')).href)).body).toContain(
      `The refund of payment ${receipt} is recorded`,
    );
    const [row] = await db.query<{
      status: string;
      refund_ref: string;
      refund_reason: string;
      refund_due_at: Date | null;
    }>(`select status, refund_ref, refund_reason, refund_due_at from payments where id = $1`, [payment.id]);
    expect(row).toEqual({
      status: 'refunded',
      refund_ref: 'Bank transfer 2026-11-24, ref 9001',
      refund_reason: 'booking-cancelled',
      refund_due_at: null,
    });
    const again = await admin.browser.request(at('tartu', `/office/payments/${payment.id}/refund-given`), {
      form: { _csrf: admin.csrf, reference: 'again' },
    });
    expect(again.status).toBe(303);
    expect(told.filter((t) => t.hook === 'refunded' && t.payment.id === payment.id)).toHaveLength(1);
    // The payer hears once that the money went back, and that it went back outside the gateway.
    const messages = await until(
      () =>
        db.query<{ body: string }>(
          `select i.body from inbox_messages i join outbox o on o.tenant_id = i.tenant_id and o.id = i.outbox_id
            where o.event = 'payment.refunded' and o.payload->>'path' = $1`,
          [`/payments/${payment.id}`],
        ),
      (rows) => rows.length > 0,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0].body).toContain('outside the online payment service');
    expect(messages[0].body).not.toContain('card or account you paid with');
    expect((await admin.browser.request(at('tartu', '/office/payments?owed=yes'))).body).not.toContain(receipt);
  });
});
