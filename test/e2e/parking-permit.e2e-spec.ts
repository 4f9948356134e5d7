import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { PaymentExpirySweeper } from '@townhall/payments';
import * as jsqr from 'jsqr';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readServiceTemplates } from '@townhall/catalogue';
import { seedTenants, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { checkPage, logInToOffice, openBrowser } from '../support/browser.js';
import { hiddenField, HttpBrowser } from '../support/http-browser.js';
import { localFetch } from '../support/local-fetch.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { samplePdf } from '../support/sample-files.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// jsqr is CommonJS whose exports hold the function as `default`: found however the loader wraps it.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((value: unknown): Decode => {
  while (typeof value !== 'function') value = (value as { default: unknown }).default;
  return value as Decode;
})(jsqr);

/** What a PDF says, and the pictures it draws (RGBA), read back with pdf.js as Firefox would. */
async function readPdf(
  bytes: Buffer,
): Promise<{ text: string; images: { width: number; height: number; rgba: Uint8ClampedArray }[] }> {
  const loaded = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isOffscreenCanvasSupported: false })
    .promise;
  try {
    let text = '';
    const images: { width: number; height: number; rgba: Uint8ClampedArray }[] = [];
    for (let n = 1; n <= loaded.numPages; n++) {
      const page = await loaded.getPage(n);
      const content = await page.getTextContent();
      text += content.items.map((item) => ('str' in item ? `${item.str} ` : '')).join('');
      const ops = await page.getOperatorList();
      for (let i = 0; i < ops.fnArray.length; i++) {
        if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
        const name = ops.argsArray[i][0] as string;
        const image = await new Promise<{ width: number; height: number; kind: number; data: Uint8ClampedArray }>(
          (resolve) => page.objs.get(name, resolve),
        );
        images.push({ width: image.width, height: image.height, rgba: toRgba(image) });
      }
    }
    return { text: text.replace(/\s+/g, ' '), images };
  } finally {
    await loaded.destroy();
  }
}

/** pdf.js's image data (1: grey 1 bit, 2: RGB, 3: RGBA) as RGBA pixels. */
function toRgba(image: { width: number; height: number; kind: number; data: Uint8ClampedArray }): Uint8ClampedArray {
  const pixels = image.width * image.height;
  if (image.kind === 3) return image.data;
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    let r: number, g: number, b: number;
    if (image.kind === 2) [r, g, b] = [image.data[p * 3], image.data[p * 3 + 1], image.data[p * 3 + 2]];
    else {
      const row = Math.floor(p / image.width);
      const column = p % image.width;
      const byte = image.data[row * Math.ceil(image.width / 8) + (column >> 3)];
      r = g = b = (byte >> (7 - (column & 7))) & 1 ? 255 : 0;
    }
    rgba.set([r, g, b, 255], p * 4);
  }
  return rgba;
}

/**
 * A residential parking permit at Stockholm, end to end with the real api and worker,
 * PostgreSQL and the sandbox (eID, Sandbox Pay): Erik applies, sees the fee computed on the
 * server before submitting, pays it on the gateway's page, the gateway's callback moves the
 * case out of "Awaiting payment" (recorded in its history), an official issues the permit over
 * the office's JSON, and Erik downloads a PDF whose QR code (decoded from the picture itself)
 * opens Stockholm's verification page: valid, with the car and the zone and no name; a changed
 * code is "not valid", and so is the right code at another municipality's host. A payment that
 * lapses leaves the application waiting, and Erik pays again from its page. A paid fee goes
 * back where the rules say so: a withdrawal before processing, a refused permit, a Saturday
 * wedding the city cancels once it was paid and confirmed (the step's `refundsFee`).
 */
describe('parking permit: applied for, paid, issued as a PDF with a verifiable QR code', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let port: number;
  let erik: HttpBrowser;
  let handler: { browser: HttpBrowser; csrf: string };
  let owner: { browser: HttpBrowser; csrf: string };
  let sandboxBase: string;

  const at = (slug: string, path = '') => `http://${slug}.localhost:${port}${path}`;
  /** The municipality's day (Stockholm time), YYYY-MM-DD: the permit starts today. */
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date());

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    sandboxBase = started.base;
    const env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}` });
    process.env.TEST_PERMIT_STOCKHOLM_PAYMENTS_SECRET = 'sandbox-pay-secret-stockholm';
    await seedTenants(env, [
      tenantSpec('stockholm', {
        name: 'Stockholms stad',
        locales: ['en', 'sv'],
        defaultLocale: 'en',
        timeZone: 'Europe/Stockholm',
        currency: 'SEK',
        identityProvider: sandboxProviders(started.base, 'stockholm'),
        staff: [
          { email: 'handler@stockholm.example.eu', name: 'Hanna Handler', role: 'handler' },
          { email: 'owner@stockholm.example.eu', name: 'Otto Owner', role: 'owner' },
        ],
        services: [
          { template: 'residential-parking-permit', customisation: { department: 'Trafikkontoret' } },
          // Its fee rules keep the fee of a refusal (refundOnRejection: never).
          { template: 'administrative-certificate' },
          // Paid once confirmed (a Saturday); its cancel steps give the fee back (refundsFee).
          { template: 'wedding-ceremony' },
        ],
        payments: {
          methods: ['card', 'invoice'],
          gateway: {
            url: `${started.base}/payments`,
            merchantId: 'stockholm',
            secretRef: 'TEST_PERMIT_STOCKHOLM_PAYMENTS_SECRET',
          },
        },
      } as never),
      tenantSpec('tartu'),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    worker = await startWorker(env);
    erik = new HttpBrowser();
    const login = await pickPersona(erik, at('stockholm', '/auth/login'), {
      persona: 'erik-johansson',
      level: 'substantial',
    });
    expect((await erik.request(login.callback)).status).toBe(303);
    handler = await official('stockholm-handler');
    owner = await official('stockholm-owner');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
    delete process.env.TEST_PERMIT_STOCKHOLM_PAYMENTS_SECRET;
  });

  async function official(persona: string): Promise<{ browser: HttpBrowser; csrf: string }> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at('stockholm', '/office/auth/login'), {
      persona,
      level: 'substantial',
    });
    expect((await browser.request(callback)).status).toBe(303);
    return { browser, csrf: hiddenField((await browser.request(at('stockholm', '/office'))).body, '_csrf')! };
  }

  const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > end) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stateOf = async (id: string) =>
    (await db.query<{ state: string }>(`select state from applications where id = $1`, [id]))[0].state;
  /** Bytes as the logged-in browser downloads them (HttpBrowser keeps bodies as text). */
  const download = async (
    browser: HttpBrowser,
    url: string,
  ): Promise<{ status: number; type: string | null; bytes: Buffer }> => {
    const jar = browser.cookies.get(new URL(url).hostname) ?? new Map<string, string>();
    const response = await localFetch(
      new Request(url, { headers: { Cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') } }),
    );
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  /** Erik fills in the form (a quarter or a month in Södermalm from today), and sees the review page. */
  async function fillIn(period: 'month' | 'quarter'): Promise<{ id: string; csrf: string; review: string }> {
    const service = await erik.request(at('stockholm', '/services/residential-parking-permit?lang=en'));
    expect(service.status).toBe(200);
    const csrf = hiddenField(service.body, '_csrf')!;
    const started = await erik.request(at('stockholm', '/services/residential-parking-permit/apply'), {
      form: { _csrf: csrf },
    });
    const id = /\/applications\/([0-9a-f-]{36})\/steps\/1$/.exec(started.location ?? '')?.[1];
    expect(id).toBeDefined();
    const [year, month, day] = today.split('-');
    const steps: Record<string, string>[] = [
      { registrationNumber: 'ABC 12A', vehicleRelation: 'owner' },
      { address: 'Hornsgatan 45, 118 49 Stockholm', zone: 'sodermalm' },
      {
        period,
        'validFrom[day]': String(Number(day)),
        'validFrom[month]': String(Number(month)),
        'validFrom[year]': year,
        declaration: 'true',
      },
    ];
    for (const [i, form] of steps.entries()) {
      const saved = await erik.request(at('stockholm', `/applications/${id}/steps/${i + 1}`), {
        form: { _csrf: csrf, ...form },
      });
      expect({
        step: i + 1,
        status: saved.status,
        body: saved.status === 303 ? '' : saved.body.slice(0, 2000),
      }).toEqual({
        step: i + 1,
        status: 303,
        body: '',
      });
    }
    const review = await erik.request(at('stockholm', `/applications/${id}/review?lang=en`));
    expect(review.status).toBe(200);
    return { id: id!, csrf, review: review.body };
  }

  let applicationId: string;
  let permitUrl: URL;

  it('shows the fee computed on the server before submitting, and sends the applicant to pay it', async () => {
    const { id, csrf, review } = await fillIn('quarter');
    applicationId = id;
    // 1 100 kr a month in the inner city, a quarter: 3 300 kr, from the template's fee rule.
    expect(review).toContain('Residential parking in the inner city');
    expect(review).toMatch(/SEK\s?3,300\.00/);
    expect(review).toContain('You pay the fee when you submit the application');

    const submitted = await erik.request(at('stockholm', `/applications/${id}/submit`), {
      form: { _csrf: csrf, delivery: 'portal' },
    });
    expect(submitted.status).toBe(303);
    const [payment] = await db.query<{
      id: string;
      amount: number;
      currency: string;
      purpose_kind: string;
      status: string;
    }>(`select id, amount, currency, purpose_kind, status from payments where purpose_id = $1`, [id]);
    expect(payment).toMatchObject({
      amount: 330000,
      currency: 'SEK',
      purpose_kind: 'application-fee',
      status: 'created',
    });
    expect(submitted.location).toBe(at('stockholm', `/payments/${payment.id}`));
    expect(await stateOf(id)).toBe('awaiting-payment');

    // The application's page says it waits for the fee, and offers to pay it.
    const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
    expect(page.body).toContain('Awaiting payment');
    expect(page.body).toContain(`href="/payments/${payment.id}"`);
  });

  it('takes the payment through the gateway; its callback moves the case on, recorded in the history', async () => {
    const [{ id: paymentId }] = await db.query<{ id: string }>(`select id from payments where purpose_id = $1`, [
      applicationId,
    ]);
    const page = await erik.request(at('stockholm', `/payments/${paymentId}?lang=en`));
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/SEK\s?3,300\.00/);
    const started = await erik.request(at('stockholm', `/payments/${paymentId}/start`), {
      form: { method: 'card', _csrf: hiddenField(page.body, '_csrf')! },
    });
    expect(started.status).toBe(303);
    expect(started.location).toMatch(new RegExp(`^${sandboxBase}/payments/pay/ses_`));
    expect((await erik.request(started.location!)).status).toBe(200);
    const paid = await erik.request(started.location!, { form: { outcome: 'paid' } });
    expect(paid.status).toBe(303);

    // The callback (server to server) is what moves it: paid, and the case in review.
    expect(
      await until(
        () => stateOf(applicationId),
        (s) => s === 'in-review',
      ),
    ).toBe('in-review');
    const [payment] = await db.query<{ status: string; receipt_number: string }>(
      `select status, receipt_number from payments where id = $1`,
      [paymentId],
    );
    expect(payment.status).toBe('paid');
    const history = await db.query<{
      kind: string;
      actor_kind: string;
      transition: string | null;
      text: string | null;
    }>(
      `select kind, actor_kind, transition, text from application_events where application_id = $1 order by occurred_at, id`,
      [applicationId],
    );
    expect(history.map((e) => e.kind)).toEqual([
      'started',
      'submitted',
      'payment-requested',
      'payment-received',
      'transition',
    ]);
    expect(history[2].text).toBe('3300.00 SEK');
    expect(history[3].text).toBe(`3300.00 SEK · ${payment.receipt_number}`);
    expect(history[4]).toMatchObject({ actor_kind: 'system', transition: 'payment-received' });

    const application = await erik.request(at('stockholm', `/applications/${applicationId}?lang=en`));
    expect(application.body).toContain('In review');
    expect(application.body).toContain('Fee paid');
    expect(application.body).toContain(`/payments/${paymentId}/receipt.pdf`);
  });

  it('issues the permit (an official, over the office JSON) as a PDF whose QR code opens a verification page that says valid', async () => {
    const json = { Accept: 'application/json', 'X-CSRF-Token': handler.csrf };
    const opened = await handler.browser.request(at('stockholm', `/api/v1/office/cases/${applicationId}`), {
      headers: json,
    });
    expect(opened.status).toBe(200);
    const { version, transitions } = JSON.parse(opened.body) as { version: number; transitions: string[] };
    expect(transitions).toContain('issue');
    const issued = await handler.browser.request(at('stockholm', `/api/v1/office/cases/${applicationId}/transitions`), {
      json: { transition: 'issue', version, text: 'Registered at Hornsgatan 45; the car is his.' },
      headers: json,
    });
    expect(issued.status).toBe(200);
    expect(JSON.parse(issued.body)).toMatchObject({ state: 'issued' });

    const page = await erik.request(at('stockholm', `/applications/${applicationId}?lang=en`));
    const link = /href="(\/applications\/[0-9a-f-]{36}\/files\/[0-9a-f-]{36})"[^>]*>Download the permit \(PDF\)/.exec(
      page.body,
    )?.[1];
    expect(link).toBeDefined();
    const pdf = await download(erik, at('stockholm', link!));
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const [{ reference }] = await db.query<{ reference: string }>(`select reference from applications where id = $1`, [
      applicationId,
    ]);
    const { text, images } = await readPdf(pdf.bytes);
    for (const expected of [
      'Residential parking permit',
      reference,
      'Erik Johansson',
      'ABC 12A',
      'Södermalm',
      'Valid until',
    ]) {
      expect(text).toContain(expected);
    }
    // The period in the municipality's English ("30 June 2027"), not the American "June 30, 2027".
    const months = 'January|February|March|April|May|June|July|August|September|October|November|December';
    expect(text).toMatch(new RegExp(`Valid until \\d{1,2} (${months}) \\d{4}`));
    expect(text).not.toMatch(new RegExp(`(${months}) \\d{1,2}, \\d{4}`));

    // The QR code, read from the picture in the PDF, is the verification address on Stockholm's host.
    expect(images.length).toBe(1);
    const decoded = jsQR(images[0].rgba, images[0].width, images[0].height);
    expect(decoded).not.toBeNull();
    permitUrl = new URL(decoded!.data);
    expect(permitUrl.origin).toBe('http://stockholm.localhost:3000'); // PORTAL_URL's development default
    expect(permitUrl.pathname).toMatch(/^\/verify\/permits\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}$/);
    expect(text.replace(/\s/g, '')).toContain(permitUrl.href); // printed under the code too (wrapped)

    // Anyone (no login) at Stockholm's host: valid, with the car, the zone and the period, no name.
    const verified = await new HttpBrowser().request(at('stockholm', `${permitUrl.pathname}?lang=en`));
    expect(verified.status).toBe(200);
    expect(verified.headers['cache-control']).toBe('no-store');
    expect(verified.body).toContain('Valid');
    expect(verified.body).toContain('This permit is valid today.');
    expect(verified.body).toContain('ABC 12A');
    expect(verified.body).toContain('Södermalm');
    expect(verified.body).not.toContain('Johansson');
    expect(verified.body).not.toContain('Hornsgatan');
  });

  it('answers "not valid" to a changed code, and to the right code at another municipality', async () => {
    const [, code] = /^\/verify\/permits\/(.+)$/.exec(permitUrl.pathname)!;
    const [permitId, signature] = code.split('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const anyone = new HttpBrowser();
    for (const changed of [
      `${permitId}.${flip(signature, 3)}`,
      `${flip(permitId, 0)}.${signature}`,
      `${permitId}.${signature.slice(0, 21)}`,
      `${permitId}`,
      'not-a-code',
    ]) {
      const answer = await anyone.request(at('stockholm', `/verify/permits/${encodeURIComponent(changed)}?lang=en`));
      expect({ changed, status: answer.status }).toEqual({ changed, status: 404 });
      expect(answer.body).toContain('Not valid');
      expect(answer.body).not.toContain('ABC 12A');
    }
    const elsewhere = await anyone.request(at('tartu', `/verify/permits/${code}?lang=en`));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toContain('Not valid');
    expect(elsewhere.body).not.toContain('ABC 12A');

    // In Swedish too.
    expect((await anyone.request(at('stockholm', `/verify/permits/${code}?lang=sv`))).body).toContain('Giltigt');
  });

  it('shows the verification page accessibly (axe), valid and not valid, and the office case page with the permit', async () => {
    const browser = await openBrowser();
    try {
      await browser.page.goto(at('stockholm', `${permitUrl.pathname}?lang=en`));
      await browser.page.getByRole('heading', { name: 'Valid' }).waitFor();
      await checkPage(browser.page, 'permit-verification-valid');
      await browser.page.goto(at('stockholm', `${permitUrl.pathname.slice(0, -2)}xx?lang=en`));
      await browser.page.getByRole('heading', { name: 'Not valid' }).waitFor();
      await checkPage(browser.page, 'permit-verification-not-valid');
      // The owner's case page, with the permit and the form to revoke it.
      await logInToOffice(browser.page, at('stockholm'), /Otto Owner \(stockholm\)/, `/office/cases/${applicationId}`);
      await browser.page.getByRole('heading', { name: 'Permit', exact: true }).waitFor();
      await checkPage(browser.page, 'permit-office-case');
    } finally {
      await browser.close();
    }
  });

  it('keeps an application waiting when its payment lapses, and lets the applicant pay again', async () => {
    const { id, csrf } = await fillIn('month');
    const submitted = await erik.request(at('stockholm', `/applications/${id}/submit`), {
      form: { _csrf: csrf, delivery: 'portal' },
    });
    const first = submitted.location!.split('/').pop()!;
    // 1 100 kr for a month.
    expect((await db.query<{ amount: number }>(`select amount from payments where id = $1`, [first]))[0].amount).toBe(
      110000,
    );
    // The session runs out unpaid: the worker's sweep expires it, the case hears of it and still waits.
    await db.query(`update payments set expires_at = now() - interval '1 second' where id = $1`, [first]);
    expect(await worker.get(PaymentExpirySweeper).sweep()).toBeGreaterThanOrEqual(1);
    expect(await stateOf(id)).toBe('awaiting-payment');
    const kinds = await db.query<{ kind: string }>(
      `select kind from application_events where application_id = $1 order by occurred_at, id`,
      [id],
    );
    expect(kinds.map((k) => k.kind)).toContain('payment-lapsed');

    const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
    expect(page.body).toContain('The last payment was not completed. You can pay again.');
    expect(page.body).toContain(`action="/applications/${id}/pay"`);
    const again = await erik.request(at('stockholm', `/applications/${id}/pay`), {
      form: { _csrf: hiddenField(page.body, '_csrf')! },
    });
    expect(again.status).toBe(303);
    const second = again.location!.split('/').pop()!;
    expect(second).not.toBe(first);
    const rows = await db.query<{ id: string; status: string; amount: number }>(
      `select id, status, amount from payments where purpose_id = $1 order by created_at`,
      [id],
    );
    expect(rows).toEqual([
      { id: first, status: 'expired', amount: 110000 },
      { id: second, status: 'created', amount: 110000 },
    ]);
    // Pressing "pay" again gives the payment still open, not a third one.
    const same = await erik.request(at('stockholm', `/applications/${id}/pay`), {
      form: { _csrf: hiddenField(page.body, '_csrf')! },
    });
    expect(same.location).toBe(at('stockholm', `/payments/${second}`));

    // A case no longer waiting for its fee (issued) has nothing to pay.
    const paidAlready = await erik.request(at('stockholm', `/applications/${applicationId}/pay`), {
      form: { _csrf: hiddenField(page.body, '_csrf')! },
    });
    expect(paidAlready.status).toBe(409);
  });

  it('lets an owner revoke the permit from the office (not a handler); the verification page then says so', async () => {
    const code = permitUrl.pathname.split('/').pop()!;
    const revoke = (who: { browser: HttpBrowser; csrf: string }, reason: string) =>
      who.browser.request(at('stockholm', `/office/cases/${applicationId}/permit/revoke`), {
        form: { _csrf: who.csrf, reason },
      });
    expect((await revoke(handler, 'Moved away.')).status).toBe(403);
    const refused = await revoke(owner, '');
    expect(refused.status).toBe(400);
    const casePage = await owner.browser.request(at('stockholm', `/office/cases/${applicationId}?lang=en`));
    expect(casePage.body).toContain('Revoke the permit');
    const revoked = await revoke(owner, 'The holder moved out of Södermalm.');
    expect(revoked.status).toBe(303);
    expect(revoked.location).toBe(at('stockholm', `/office/cases/${applicationId}?done=permit-revoked`));
    const [event] = await db.query<{ kind: string; actor_kind: string; text: string }>(
      `select kind, actor_kind, text from application_events where application_id = $1 and kind = 'permit-revoked'`,
      [applicationId],
    );
    expect(event).toEqual({ kind: 'permit-revoked', actor_kind: 'staff', text: 'The holder moved out of Södermalm.' });

    const page = await new HttpBrowser().request(at('stockholm', `/verify/permits/${code}?lang=en`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Revoked');
    expect(page.body).toContain('The municipality has revoked this permit.');
    expect(page.body).not.toContain('This permit is valid today.');
  });

  /** Erik pays a payment by card on the gateway's page; answers the gateway's session id. */
  async function payByCard(paymentId: string): Promise<string> {
    const page = await erik.request(at('stockholm', `/payments/${paymentId}`));
    const started = await erik.request(at('stockholm', `/payments/${paymentId}/start`), {
      form: { method: 'card', _csrf: hiddenField(page.body, '_csrf')! },
    });
    expect((await erik.request(started.location!, { form: { outcome: 'paid' } })).status).toBe(303);
    return started.location!.split('/').pop()!;
  }

  /** Erik applies for a month and pays through the gateway; the case goes into review. */
  async function paidApplication(): Promise<{ id: string; paymentId: string; sessionId: string }> {
    const { id, csrf } = await fillIn('month');
    const submitted = await erik.request(at('stockholm', `/applications/${id}/submit`), {
      form: { _csrf: csrf, delivery: 'portal' },
    });
    const paymentId = submitted.location!.split('/').pop()!;
    const sessionId = await payByCard(paymentId);
    expect(
      await until(
        () => stateOf(id),
        (s) => s === 'in-review',
      ),
    ).toBe('in-review');
    return { id, paymentId, sessionId };
  }
  const refundFaults = (fail: number) =>
    fetch(`${sandboxBase}/payments/v1/merchants/stockholm/refund-faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fail }),
    });
  const paymentOf = async (id: string) =>
    (
      await db.query<{ status: string; due: boolean; reason: string | null }>(
        `select status, refund_due_at is not null as due, refund_reason as reason from payments where id = $1`,
        [id],
      )
    )[0];
  const refundMessages = async (paymentId: string) =>
    (
      await db.query<{ reason: string }>(
        `select payload->>'refundReason' as reason from outbox where event = 'payment.refunded' and payload->>'path' = $1`,
        [`/payments/${paymentId}`],
      )
    ).map((m) => m.reason);
  /** The payments sweep makes an owed refund at the gateway, once (a second sweep finds nothing owed); the payer is told why. */
  async function sweptRefund(paymentId: string, sessionId: string, reason: string): Promise<void> {
    await worker.get(PaymentExpirySweeper).sweep();
    expect(await paymentOf(paymentId)).toEqual({ status: 'refunded', due: false, reason });
    await worker.get(PaymentExpirySweeper).sweep();
    expect(
      (await (await fetch(`${sandboxBase}/payments/v1/sessions/${sessionId}`)).json()) as { status: string },
    ).toMatchObject({ status: 'refunded' });
    expect(await refundMessages(paymentId)).toEqual([reason]);
  }
  const withdraw = async (id: string) => {
    const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
    const withdrawn = await erik.request(at('stockholm', `/applications/${id}/withdraw`), {
      form: { _csrf: hiddenField(page.body, '_csrf')!, version: hiddenField(page.body, 'version')! },
    });
    expect(withdrawn.status).toBe(303);
    expect(await stateOf(id)).toBe('withdrawn');
    return page.body;
  };

  it('refunds the fee of an application withdrawn before an official took it up, even when the gateway fails at first', async () => {
    const { id, paymentId, sessionId } = await paidApplication();
    await refundFaults(50);
    try {
      const before = await withdraw(id);
      // Erik was told before withdrawing what becomes of his fee.
      expect(before).toMatch(/The fee of SEK\s?1,100\.00 you paid is refunded if you withdraw now/);
      // Withdrawn all the same; the fee owed back with it, on its way.
      expect(await paymentOf(paymentId)).toEqual({ status: 'paid', due: true, reason: 'application-withdrawn' });
      const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
      expect(page.body).toContain('You withdrew this application.');
      expect(page.body).toMatch(/The fee of SEK\s?1,100\.00 you paid is being refunded/);
    } finally {
      await refundFaults(0);
    }
    // The payments sweep makes it, once.
    await sweptRefund(paymentId, sessionId, 'application-withdrawn');
    const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
    expect(page.body).toMatch(/The fee of SEK\s?1,100\.00 you paid has been refunded/);
    const kinds = await db.query<{ kind: string }>(
      `select kind from application_events where application_id = $1 order by occurred_at, id`,
      [id],
    );
    expect(kinds.map((k) => k.kind).slice(-2)).toEqual(['withdrawn', 'payment-refunded']);
  });

  it('keeps the fee of an application withdrawn once an official took it up (the template’s default rule)', async () => {
    const { id, paymentId } = await paidApplication();
    const [{ version }] = await db.query<{ version: number }>(`select version from applications where id = $1`, [id]);
    const claimed = await handler.browser.request(at('stockholm', `/office/cases/${id}/assign`), {
      form: { _csrf: handler.csrf, assignee: 'me', version: String(version) },
    });
    expect(claimed.status).toBe(303);
    const before = await withdraw(id);
    expect(before).toMatch(
      /The fee of SEK\s?1,100\.00 you paid is not refunded: the application is already being processed/,
    );
    expect(await paymentOf(paymentId)).toEqual({ status: 'paid', due: false, reason: null });
    expect(await refundMessages(paymentId)).toEqual([]);
  });

  /** An official takes a step over the office's JSON, with the version they saw. */
  const decide = async (who: { browser: HttpBrowser; csrf: string }, id: string, transition: string, text: string) => {
    const json = { Accept: 'application/json', 'X-CSRF-Token': who.csrf };
    const opened = await who.browser.request(at('stockholm', `/api/v1/office/cases/${id}`), { headers: json });
    const { version } = JSON.parse(opened.body) as { version: number };
    return who.browser.request(at('stockholm', `/api/v1/office/cases/${id}/transitions`), {
      json: { transition, version, text },
      headers: json,
    });
  };
  /** The body of Erik's portal message of an event about a payment or an application, once the worker has written it. */
  const inboxBody = (event: string, key: { applicationId?: string; paymentPath?: string }) =>
    until(
      async () =>
        (
          await db.query<{ body: string }>(
            `select i.body from inbox_messages i join outbox o on o.tenant_id = i.tenant_id and o.id = i.outbox_id
              where o.event = $1 and (o.payload->>'applicationId' = $2 or o.payload->>'path' = $3)`,
            [event, key.applicationId ?? '', key.paymentPath ?? ''],
          )
        ).map((m) => m.body),
      (bodies) => bodies.length > 0,
    );

  it('refunds the fee of a refused permit once (its fee rules say always), through the sweep when the gateway fails at first', async () => {
    const { id, paymentId, sessionId } = await paidApplication();
    await refundFaults(50);
    try {
      const refused = await decide(owner, id, 'reject', 'Erik is not registered in Södermalm.');
      // Refused all the same; the fee owed back with the decision, on its way.
      expect(refused.status).toBe(200);
      expect(JSON.parse(refused.body)).toMatchObject({ state: 'rejected' });
      expect(await paymentOf(paymentId)).toEqual({ status: 'paid', due: true, reason: 'application-rejected' });
      // The decision's message says so, and so does the application's page, with the template's refusal.
      expect((await inboxBody('application.decided', { applicationId: id })).join('\n')).toMatch(
        /The fee of SEK\s?1,100\.00 you paid is being refunded/,
      );
      const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
      expect(page.body).toContain('Refused');
      expect(page.body).toMatch(/The fee of SEK\s?1,100\.00 you paid is being refunded/);
      const payment = await erik.request(at('stockholm', `/payments/${paymentId}?lang=en`));
      expect(payment.body).toContain('Being refunded');
      expect(payment.body).toContain('Your application was refused.');
    } finally {
      await refundFaults(0);
    }
    // The payments sweep makes it, once: a second sweep finds nothing owed.
    await sweptRefund(paymentId, sessionId, 'application-rejected');
    const refunds = await db.query<{ n: number }>(
      `select count(*)::int as n from payment_events where payment_id = $1 and source = 'refund' and verdict = 'accepted'`,
      [paymentId],
    );
    expect(refunds[0].n).toBe(1);
    expect((await inboxBody('payment.refunded', { paymentPath: `/payments/${paymentId}` })).join('\n')).toContain(
      'Your application was refused.',
    );
    const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
    expect(page.body).toMatch(/The fee of SEK\s?1,100\.00 you paid has been refunded/);
    const kinds = await db.query<{ kind: string }>(
      `select kind from application_events where application_id = $1 order by occurred_at, id`,
      [id],
    );
    expect(kinds.map((k) => k.kind).slice(-2)).toEqual(['decided', 'payment-refunded']);
  });

  it('refunds a refused permit’s fee at once when the gateway answers', async () => {
    const { id, paymentId } = await paidApplication();
    expect((await decide(owner, id, 'reject', 'The car is registered to a company.')).status).toBe(200);
    expect(await paymentOf(paymentId)).toEqual({ status: 'refunded', due: false, reason: 'application-rejected' });
    expect(await refundMessages(paymentId)).toEqual(['application-rejected']);
  });

  it('keeps the fee of a refused certificate: its fee rules say never', async () => {
    const csrf = hiddenField((await erik.request(at('stockholm', '/applications'))).body, '_csrf')!;
    const { example } = readServiceTemplates(undefined, ['administrative-certificate'])[0];
    const submitted = await erik.request(at('stockholm', '/api/v1/applications'), {
      json: { service: 'administrative-certificate', answers: { ...example, urgency: 'ordinary' }, delivery: 'portal' },
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
    });
    expect({ status: submitted.status, body: submitted.status === 201 ? '' : submitted.body }).toEqual({
      status: 201,
      body: '',
    });
    const { id } = JSON.parse(submitted.body) as { id: string };
    const [{ id: paymentId }] = await db.query<{ id: string }>(`select id from payments where purpose_id = $1`, [id]);
    await payByCard(paymentId);
    expect(
      await until(
        () => stateOf(id),
        (s) => s === 'processing-ordinary',
      ),
    ).toBe('processing-ordinary');

    const refused = await decide(owner, id, 'refuse-ordinary', 'No record of the deceased in the register.');
    expect(refused.status).toBe(200);
    expect(await paymentOf(paymentId)).toEqual({ status: 'paid', due: false, reason: null });
    await worker.get(PaymentExpirySweeper).sweep();
    expect(await paymentOf(paymentId)).toEqual({ status: 'paid', due: false, reason: null });
    expect(await refundMessages(paymentId)).toEqual([]);
    const message = (await inboxBody('application.decided', { applicationId: id })).join('\n');
    expect(message).not.toContain('refunded');
    const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
    expect(page.body).toMatch(/you paid is not refunded when the application is refused/);
    expect(page.body).not.toContain('being refunded');
  });
  /** Erik books a Saturday wedding in the portal (the certificate uploaded), and an official accepts it: its fee is asked. */
  async function saturdayWedding(lang: 'en' | 'sv' = 'en'): Promise<{ id: string; paymentId: string }> {
    const service = await erik.request(at('stockholm', `/services/wedding-ceremony?lang=${lang}`));
    const csrf = hiddenField(service.body, '_csrf')!;
    const started = await erik.request(at('stockholm', `/services/wedding-ceremony/apply?lang=${lang}`), {
      form: { _csrf: csrf },
    });
    const id = /\/applications\/([0-9a-f-]{36})\/steps\/1$/.exec(started.location ?? '')![1];
    const couple = new FormData();
    for (const [name, value] of Object.entries({
      _csrf: csrf,
      applicantName: 'Erik Johansson',
      applicantPersonalNumber: '19560314-7777',
      partnerName: 'Maria Lindgren',
      partnerPersonalNumber: '19600921-2386',
    }))
      couple.set(name, value);
    couple.set(
      'hindranceCertificate',
      new Blob([new Uint8Array(samplePdf('Hindersprovning'))], { type: 'application/pdf' }),
      'intyg.pdf',
    );
    const steps: (FormData | Record<string, string>)[] = [
      couple,
      {
        'ceremonyDate[day]': '12',
        'ceremonyDate[month]': '6',
        'ceremonyDate[year]': '2027',
        dayType: 'saturday',
        slot: '11:00',
        ceremonyLanguage: 'swedish',
      },
      { 'witnesses[0][name]': 'Johanna Berg', 'witnesses[1][name]': 'Piotr Nowak', guests: '12' },
      { contactEmail: 'erik.johansson@example.se', contactPhone: '+46 70 987 65 43' },
    ];
    for (const [i, form] of steps.entries()) {
      const url = at('stockholm', `/applications/${id}/steps/${i + 1}?lang=${lang}`);
      const saved = await erik.request(
        url,
        form instanceof FormData ? { multipart: form } : { form: { _csrf: csrf, ...form } },
      );
      expect({
        step: i + 1,
        status: saved.status,
        body: saved.status === 303 ? '' : saved.body.slice(0, 2000),
      }).toEqual({ step: i + 1, status: 303, body: '' });
    }
    const submitted = await erik.request(at('stockholm', `/applications/${id}/submit?lang=${lang}`), {
      form: { _csrf: csrf, delivery: 'portal' },
    });
    expect(submitted.status).toBe(303);
    expect(await stateOf(id)).toBe('requested');
    expect((await decide(handler, id, 'confirm-saturday', '')).status).toBe(200);
    expect(await stateOf(id)).toBe('awaiting-payment');
    const [payment] = await db.query<{ id: string; amount: number }>(
      `select id, amount from payments where purpose_id = $1`,
      [id],
    );
    expect(payment.amount).toBe(100000);
    return { id, paymentId: payment.id };
  }

  /** Erik's portal messages of an application (subject and body), by the event that carried them. */
  const messagesOf = (id: string) =>
    db.query<{ event: string; subject: string; body: string }>(
      `select o.event, i.subject, i.body from inbox_messages i join outbox o on o.tenant_id = i.tenant_id and o.id = i.outbox_id
        where o.payload->>'applicationId' = $1 order by i.created_at`,
      [id],
    );

  it('tells Erik of the accepted Saturday wedding in Swedish, in the template’s words with the deadline filled in, once; the decision once', async () => {
    const { id, paymentId } = await saturdayWedding('sv');
    const [{ reference, dueAt }] = await db.query<{ reference: string; dueAt: Date }>(
      `select reference, state_due_at as "dueAt" from applications where id = $1`,
      [id],
    );
    const deadline = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeZone: 'Europe/Stockholm' }).format(
      dueAt,
    );
    const accepted = await until(
      () => messagesOf(id),
      (m) => m.some((x) => x.event === 'application.step'),
    );
    const steps = accepted.filter((m) => m.event === 'application.step');
    expect(steps).toHaveLength(1);
    expect(steps[0].subject).toBe(`Betala avgiften för lördagsvigseln (${reference})`);
    expect(steps[0].body).toContain(
      `Intyget är i ordning. Tiden bekräftas när avgiften är betald i portalen, senast ${deadline}.`,
    );
    expect(steps[0].body).toContain('Hej Erik');
    expect(steps[0].body).not.toMatch(/\{\{|certificate is in order/);

    // Paid: the system's step confirms it with a decision, told by exactly one message (its own, no template text besides).
    await payByCard(paymentId);
    expect(
      await until(
        () => stateOf(id),
        (s) => s === 'confirmed',
      ),
    ).toBe('confirmed');
    const all = await until(
      () => messagesOf(id),
      (m) => m.some((x) => x.event === 'application.decided'),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const events = (await messagesOf(id)).map((m) => m.event);
    expect(events.filter((e) => e === 'application.decided')).toHaveLength(1);
    expect(events.filter((e) => e === 'application.step')).toHaveLength(1);
    expect(all.find((m) => m.event === 'application.decided')!.subject).toContain(reference);
    const outbox = await db.query<{ event: string; n: number }>(
      `select event, count(*)::int as n from outbox where payload->>'applicationId' = $1 group by event order by event`,
      [id],
    );
    expect(outbox).toEqual([
      { event: 'application.decided', n: 1 },
      { event: 'application.step', n: 1 },
      { event: 'application.submitted', n: 1 },
    ]);
  });

  it('refunds the fee of a paid, confirmed Saturday wedding the city cancels (refundsFee), through the sweep when the gateway fails at first', async () => {
    const { id, paymentId } = await saturdayWedding();
    const sessionId = await payByCard(paymentId);
    expect(
      await until(
        () => stateOf(id),
        (s) => s === 'confirmed',
      ),
    ).toBe('confirmed');

    await refundFaults(50);
    try {
      // Cancelled all the same; the fee owed back with the step, on its way.
      const cancelled = await decide(handler, id, 'cancel-confirmed', 'The couple asked to cancel by phone.');
      expect(cancelled.status).toBe(200);
      expect(JSON.parse(cancelled.body)).toMatchObject({ state: 'cancelled' });
      expect(await paymentOf(paymentId)).toEqual({ status: 'paid', due: true, reason: 'application-cancelled' });
      const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
      expect(page.body).toContain('Cancelled');
      expect(page.body).toMatch(/The fee of SEK\s?1,000\.00 you paid is being refunded/);
      const payment = await erik.request(at('stockholm', `/payments/${paymentId}?lang=en`));
      expect(payment.body).toContain('Being refunded');
      expect(payment.body).toContain('What you paid for was cancelled.');
    } finally {
      await refundFaults(0);
    }
    // The payments sweep makes it, once; Erik is told why.
    await sweptRefund(paymentId, sessionId, 'application-cancelled');
    expect((await inboxBody('payment.refunded', { paymentPath: `/payments/${paymentId}` })).join('\n')).toContain(
      'What you paid for was cancelled.',
    );
    const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
    expect(page.body).toMatch(/The fee of SEK\s?1,000\.00 you paid has been refunded/);
    const kinds = await db.query<{ kind: string; transition: string | null }>(
      `select kind, transition from application_events where application_id = $1 order by occurred_at, id`,
      [id],
    );
    expect(kinds.slice(-2)).toEqual([
      { kind: 'transition', transition: 'cancel-confirmed' },
      { kind: 'payment-refunded', transition: null },
    ]);
  });

  it('keeps the fee of a wedding held: only a step that says so gives it back', async () => {
    const { id, paymentId } = await saturdayWedding();
    // Before paying, the template's own step ends it (cancel-unpaid): the generic withdrawal is
    // refused, so that no other rule than the step's holds.
    const unpaid = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
    expect(unpaid.body).not.toContain(`/applications/${id}/withdraw`);
    const withdraw = await erik.request(at('stockholm', `/applications/${id}/withdraw?lang=en`), {
      form: { _csrf: hiddenField(unpaid.body, '_csrf')!, version: hiddenField(unpaid.body, 'version')! },
    });
    expect(withdraw.status).toBe(409);
    expect(withdraw.body).toContain('ended by its own step');
    expect(await stateOf(id)).toBe('awaiting-payment');
    await payByCard(paymentId);
    expect(
      await until(
        () => stateOf(id),
        (s) => s === 'confirmed',
      ),
    ).toBe('confirmed');
    expect((await decide(handler, id, 'ceremony-held', '')).status).toBe(200);
    expect(await stateOf(id)).toBe('held');
    expect(await paymentOf(paymentId)).toEqual({ status: 'paid', due: false, reason: null });
    expect(await refundMessages(paymentId)).toEqual([]);
  });

  it('lets Erik cancel his confirmed wedding himself in the portal: the fee refunded, he the actor; other steps and other people refused', async () => {
    const { id, paymentId } = await saturdayWedding();
    await payByCard(paymentId);
    expect(
      await until(
        () => stateOf(id),
        (s) => s === 'confirmed',
      ),
    ).toBe('confirmed');
    const unchanged = async () => {
      expect(await stateOf(id)).toBe('confirmed');
      expect(await paymentOf(paymentId)).toEqual({ status: 'paid', due: false, reason: null });
    };

    // The page offers the template's step open to him from "confirmed", and says the fee goes back; nothing else.
    const page = await erik.request(at('stockholm', `/applications/${id}?lang=en`));
    expect(page.body).toContain(`href="/applications/${id}/transitions/cancel-confirmed"`);
    expect(page.body).toMatch(/Your fee of SEK\s?1,000\.00 will be refunded/);
    expect(page.body).not.toContain('/transitions/ceremony-held');
    expect(page.body).not.toContain(`/applications/${id}/withdraw`);
    const confirm = await erik.request(at('stockholm', `/applications/${id}/transitions/cancel-confirmed?lang=en`));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('The application will then be: Cancelled.');
    expect(confirm.body).toMatch(/Your fee of SEK\s?1,000\.00 will be refunded/);
    expect(confirm.body).toContain('Confirm: Cancel the booking');
    const csrf = hiddenField(confirm.body, '_csrf')!;
    const version = hiddenField(confirm.body, 'version')!;

    // An official's step, and one from another state: refused, nothing changed.
    for (const step of ['ceremony-held', 'confirm-weekday', 'cancel-request', 'no-such-step']) {
      const refused = await erik.request(at('stockholm', `/applications/${id}/transitions/${step}?lang=en`), {
        form: { _csrf: csrf, version },
      });
      expect({ step, status: refused.status }).toEqual({ step, status: 409 });
      expect(refused.body).toContain('This step cannot be taken any more');
      expect((await erik.request(at('stockholm', `/applications/${id}/transitions/${step}`))).status).toBe(409);
    }
    await unchanged();

    // Another citizen: no such application, on the page and in the JSON API.
    const sara = new HttpBrowser();
    const { callback } = await pickPersona(sara, at('stockholm', '/auth/login'), {
      persona: 'sara-holm',
      level: 'substantial',
    });
    expect((await sara.request(callback)).status).toBe(303);
    const saraCsrf = hiddenField((await sara.request(at('stockholm', '/applications'))).body, '_csrf')!;
    expect((await sara.request(at('stockholm', `/applications/${id}/transitions/cancel-confirmed`))).status).toBe(404);
    expect(
      (
        await sara.request(at('stockholm', `/applications/${id}/transitions/cancel-confirmed`), {
          form: { _csrf: saraCsrf, version },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await sara.request(at('stockholm', `/api/v1/applications/${id}/transitions/cancel-confirmed`), {
          json: { version: Number(version) },
          headers: { Accept: 'application/json', 'X-CSRF-Token': saraCsrf },
        })
      ).status,
    ).toBe(404);
    await unchanged();

    // The JSON API names the steps open to him, and the version to send.
    const json = await erik.request(at('stockholm', `/api/v1/applications/${id}`), {
      headers: { Accept: 'application/json' },
    });
    expect(JSON.parse(json.body)).toMatchObject({ version: Number(version), transitions: ['cancel-confirmed'] });

    // Erik confirms; a second tab with the same version gets a clear 409.
    const cancelled = await erik.request(at('stockholm', `/applications/${id}/transitions/cancel-confirmed?lang=en`), {
      form: { _csrf: csrf, version },
    });
    expect(cancelled.status).toBe(303);
    expect(cancelled.location).toBe(at('stockholm', `/applications/${id}?step=cancel-confirmed`));
    expect(await stateOf(id)).toBe('cancelled');
    const again = await erik.request(at('stockholm', `/applications/${id}/transitions/cancel-confirmed?lang=en`), {
      form: { _csrf: csrf, version },
    });
    expect(again.status).toBe(409);
    expect(again.body).toContain('The application was changed meanwhile');
    const apiAgain = await erik.request(at('stockholm', `/api/v1/applications/${id}/transitions/cancel-confirmed`), {
      json: { version: Number(version) + 1 },
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
    });
    expect(apiAgain.status).toBe(409);

    // The fee goes back with the step (the sandbox gateway refunds at once); he is the actor in the history.
    expect(
      await until(
        () => paymentOf(paymentId),
        (p) => p.status === 'refunded',
      ),
    ).toEqual({ status: 'refunded', due: false, reason: 'application-cancelled' });
    const [event] = await db.query<{ kind: string; actorKind: string; mine: boolean; name: string }>(
      `select e.kind, e.actor_kind as "actorKind", e.actor_id = a.applicant_id as mine, e.actor_name as name
         from application_events e join applications a on a.id = e.application_id
        where e.application_id = $1 and e.transition = 'cancel-confirmed'`,
      [id],
    );
    expect(event).toEqual({ kind: 'transition', actorKind: 'citizen', mine: true, name: 'Erik Johansson' });
    const after = await erik.request(at('stockholm', `/applications/${id}?lang=en&step=cancel-confirmed`));
    expect(after.body).toContain('Done: Cancel the booking');
    expect(after.body).toMatch(/The fee of SEK\s?1,000\.00 you paid has been refunded/);
    expect(after.body).toMatch(/Cancel the booking: now Cancelled \(you\)/);
    expect(after.body).not.toContain('/transitions/');
  });
});
