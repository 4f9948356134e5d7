import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { mailbox, SANDBOX_SMS_TOKEN, smsProvider, startSandbox } from '../support/sandbox.js';

/**
 * The sandbox stands in for the mail server and the SMS provider the product sends through:
 * a real SMTP server that keeps what it receives (read back through its mailbox API and
 * pages), which fault tests stop and start; and an SMS provider's REST API, with its token,
 * its validation, idempotent references and outages on request.
 */
describe('sandbox mail server and SMS provider', () => {
  let app: INestApplication;
  let base: string;
  let smtpPort: number;
  let box: ReturnType<typeof mailbox>;

  beforeAll(async () => {
    ({ app, base, smtpPort } = await startSandbox());
    box = mailbox(base);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A client as the product's: plain SMTP, no TLS, and no retry of its own. */
  function transport(options: { pool?: boolean } = {}) {
    return createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 5_000,
      ...(options.pool ? { pool: true, maxConnections: 5 } : {}),
    });
  }

  async function send(mail: { subject: string; to?: string; deliveryKey?: string; text?: string; messageId?: string }) {
    return transport().sendMail({
      from: 'Tartu <noreply@tartu.example.eu>',
      to: mail.to ?? 'mari.maasikas@example.ee',
      subject: mail.subject,
      text: mail.text ?? 'Hello',
      headers: mail.deliveryKey ? { 'X-Townhall-Delivery': mail.deliveryKey } : {},
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
    });
  }

  describe('mail', () => {
    beforeEach(async () => {
      await box.clear();
    });

    it('keeps a message sent over SMTP: envelope, headers, delivery key, bodies and attachment', async () => {
      const deliveryKey = `delivery-${randomUUID()}`;
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096)]);
      const sent = await createTransport({
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        ignoreTLS: true,
        auth: { user: 'townhall', pass: 'whatever' }, // any credentials are accepted
      }).sendMail({
        from: 'Tartu linn <noreply@tartu.example.eu>',
        to: 'Mari Maasikas <mari.maasikas@example.ee>',
        envelope: { from: 'bounces@tartu.example.eu', to: ['mari.maasikas@example.ee'] },
        subject: 'Your application was received',
        text: 'We received your application.\nReference: TRT-2025-0001',
        html: '<p>We received your application.</p>',
        headers: { 'X-Townhall-Delivery': deliveryKey },
        attachments: [{ filename: 'receipt.pdf', content: pdf, contentType: 'application/pdf' }],
      });
      expect(sent.rejected).toEqual([]);

      const found = await box.messages({ deliveryKey });
      expect(found.total).toBe(1);
      const [summary] = found.messages;
      expect(summary).toMatchObject({
        envelope: { from: 'bounces@tartu.example.eu', to: ['mari.maasikas@example.ee'] },
        messageId: sent.messageId,
        subject: 'Your application was received',
        from: '"Tartu linn" <noreply@tartu.example.eu>',
        to: ['mari.maasikas@example.ee'],
        deliveryKey,
        attachments: [{ index: 0, filename: 'receipt.pdf', contentType: 'application/pdf', size: pdf.length }],
      });
      expect(Date.now() - Date.parse(summary.receivedAt)).toBeLessThan(60_000);
      // Lists carry no bodies.
      expect(summary).not.toHaveProperty('text');
      expect(summary).not.toHaveProperty('html');

      const whole = await box.message(summary.id);
      expect(whole.text).toBe('We received your application.\nReference: TRT-2025-0001');
      expect(whole.html).toBe('<p>We received your application.</p>');

      const file = await fetch(`${base}/mail/v1/messages/${summary.id}/attachments/0`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(file.headers.get('content-disposition')).toContain('filename="receipt.pdf"');
      expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);

      expect((await fetch(`${base}/mail/v1/messages/${summary.id}/attachments/1`)).status).toBe(404);
      expect((await fetch(`${base}/mail/v1/messages/${randomUUID()}`)).status).toBe(404);
    });

    it('finds mail by recipient and subject, newest first, as many as asked', async () => {
      await send({ subject: 'Decision on your permit', to: 'jaan@example.ee' });
      await send({ subject: 'Reminder: documents missing', to: 'Mari.Maasikas@example.ee' });
      await send({ subject: 'Decision on your grant', to: 'mari.maasikas@example.ee' });

      const toMari = await box.messages({ to: 'MARI.maasikas@example.ee' });
      expect(toMari.total).toBe(2);
      expect(toMari.messages.map((m) => m.subject)).toEqual(['Decision on your grant', 'Reminder: documents missing']);

      const decisions = await box.messages({ subject: 'decision on' });
      expect(decisions.messages.map((m) => m.subject)).toEqual(['Decision on your grant', 'Decision on your permit']);

      const newest = await box.messages({ limit: 1 });
      expect(newest).toMatchObject({ total: 3, messages: [{ subject: 'Decision on your grant' }] });

      // Empty parameters, as a form sends them, filter nothing.
      const unfiltered = await fetch(`${base}/mail/v1/messages?to=&subject=&deliveryKey=&limit=`);
      expect(((await unfiltered.json()) as { total: number }).total).toBe(3);

      for (const limit of ['0', '1001', '2.5', 'many']) {
        const response = await fetch(`${base}/mail/v1/messages?limit=${limit}`);
        expect(response.status).toBe(400);
        const problem = (await response.json()) as { errors: { field: string }[] };
        expect(problem.errors.map((e) => e.field)).toContain('limit');
      }
      expect((await fetch(`${base}/mail/v1/messages?colour=red`)).status).toBe(400);

      expect((await fetch(`${base}/mail/v1/messages`, { method: 'DELETE' })).status).toBe(204);
      expect(await box.messages()).toEqual({ total: 0, messages: [] });
    });

    it('counts the delivery keys that arrived more than once', async () => {
      await send({ subject: 'one', deliveryKey: 'key-1' });
      await send({ subject: 'two', deliveryKey: 'key-2' });
      await send({ subject: 'one again', deliveryKey: 'key-1' });
      await send({ subject: 'without a key' });

      expect(await box.stats()).toEqual({
        total: 4,
        receivedAgain: 0,
        withDeliveryKey: 3,
        distinctDeliveryKeys: 2,
        duplicateDeliveryKeys: ['key-1'],
        receivedAgainDeliveryKeys: [],
      });
    });

    it('keeps one copy of a message handed over again under its Message-ID, as a mail store does', async () => {
      const messageId = `<${randomUUID()}@tartu.example.eu>`;
      await send({ subject: 'Decision', deliveryKey: 'key-d', messageId });
      await send({ subject: 'Decision', deliveryKey: 'key-d', messageId });
      // The same Message-ID to someone else is that person's copy.
      await send({ subject: 'Decision', deliveryKey: 'key-d', messageId, to: 'jaan@example.ee' });

      const found = await box.messages({ deliveryKey: 'key-d' });
      expect(found.total).toBe(2);
      const toMari = found.messages.find((m) => m.to.includes('mari.maasikas@example.ee'))!;
      expect(toMari.receivedAgain).toHaveLength(1);
      expect(Date.parse(toMari.receivedAgain[0])).toBeGreaterThanOrEqual(Date.parse(toMari.receivedAt));
      expect(await box.stats()).toMatchObject({
        total: 2,
        receivedAgain: 1,
        receivedAgainDeliveryKeys: ['key-d'],
      });
      const page = await (await fetch(`${base}/mail/${toMari.id}`)).text();
      expect(page).toContain('Handed over again');
    });

    it('takes a burst of mail over pooled connections, each message once', async () => {
      const pooled = transport({ pool: true });
      const keys = Array.from({ length: 200 }, (_, i) => `burst-${i}`);
      try {
        await Promise.all(
          keys.map((key) =>
            pooled.sendMail({
              from: 'noreply@tartu.example.eu',
              to: 'mari.maasikas@example.ee',
              subject: `Burst ${key}`,
              text: 'Hello',
              headers: { 'X-Townhall-Delivery': key },
            }),
          ),
        );
      } finally {
        pooled.close();
      }
      expect(await box.stats()).toEqual({
        total: 200,
        receivedAgain: 0,
        withDeliveryKey: 200,
        distinctDeliveryKeys: 200,
        duplicateDeliveryKeys: [],
        receivedAgainDeliveryKeys: [],
      });
    });

    it('refuses a message over 10 MB', async () => {
      const error = await transport()
        .sendMail({
          from: 'noreply@tartu.example.eu',
          to: 'mari.maasikas@example.ee',
          subject: 'Too big',
          text: 'See the attachment',
          attachments: [{ filename: 'big.bin', content: randomBytes(11 * 1024 * 1024) }],
        })
        .then(
          () => null,
          (e: Error & { responseCode?: number }) => e,
        );
      expect(error?.responseCode).toBe(552);
      expect((await box.stats()).total).toBe(0);
    });

    it('shows mail on pages, escaping what the mail says', async () => {
      await send({
        subject: '<script>alert("subject")</script> Your permit',
        text: 'Line one\n<img src=x onerror=alert(1)>',
      });
      const [mail] = (await box.messages()).messages;

      const list = await fetch(`${base}/mail`, { headers: { Accept: 'text/html' } });
      expect(list.status).toBe(200);
      expect(list.headers.get('content-type')).toContain('text/html');
      const listHtml = await list.text();
      expect(listHtml).toContain('<html lang="en">');
      expect(listHtml).toMatch(/<title>Mailbox/);
      expect(listHtml).toMatch(/<h1>Mailbox<\/h1>/);
      expect(listHtml).toMatch(/<caption>Received mail, newest first/);
      expect(listHtml).toContain('<th scope="col">Subject</th>');
      expect(listHtml).toContain('&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt; Your permit');
      expect(listHtml).not.toContain('<script>');
      expect(listHtml).toContain(`href="/mail/${mail.id}"`);

      const page = await fetch(`${base}/mail/${mail.id}`, { headers: { Accept: 'text/html' } });
      expect(page.status).toBe(200);
      const pageHtml = await page.text();
      expect(pageHtml).toContain('<h1>&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt; Your permit</h1>');
      expect(pageHtml).toMatch(/<pre>Line one\n&lt;img src=x onerror=alert\(1\)&gt;\s*<\/pre>/);
      expect(pageHtml).not.toContain('<script>');
      expect(pageHtml).not.toContain('<img');

      expect((await fetch(`${base}/mail/${randomUUID()}`, { headers: { Accept: 'text/html' } })).status).toBe(404);
    });

    it('refuses connections while stopped, promptly, and takes mail again once started', async () => {
      // A client holding a connection open must not hold up the stop.
      const idle = connect(smtpPort, '127.0.0.1');
      await new Promise<void>((resolve) => idle.once('data', () => resolve()));
      const idleClosed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
      idle.on('error', () => undefined);

      const stopping = Date.now();
      expect(await box.stopSmtp()).toMatchObject({ running: false });
      expect(Date.now() - stopping).toBeLessThan(2_000);
      await idleClosed;
      expect(await box.stopSmtp()).toMatchObject({ running: false }); // stopping twice is harmless

      const sending = Date.now();
      await expect(send({ subject: 'while stopped' })).rejects.toThrow(/ECONNREFUSED/);
      expect(Date.now() - sending).toBeLessThan(2_000);

      expect(await box.startSmtp()).toMatchObject({ running: true, port: smtpPort });
      expect(await box.startSmtp()).toMatchObject({ running: true }); // starting twice is harmless
      await send({ subject: 'after the restart', deliveryKey: 'after-restart' });
      expect((await box.messages({ deliveryKey: 'after-restart' })).total).toBe(1);
      expect((await box.messages({ subject: 'while stopped' })).total).toBe(0);
    });
  });

  describe('SMS provider', () => {
    const sms = () => smsProvider(base);

    function post(body: unknown, token: string | null = SANDBOX_SMS_TOKEN): Promise<Response> {
      return fetch(`${base}/sms/v1/messages`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      });
    }

    const valid = { to: '+37251234567', text: 'Your code is 123456', sender: 'Tartu' };

    beforeEach(async () => {
      await sms().clear();
      await sms().recover();
    });

    it('refuses a client without the token, or with a wrong one', async () => {
      const without = await post(valid, null);
      expect(without.status).toBe(401);
      expect(without.headers.get('www-authenticate')).toMatch(/^Bearer /);
      const wrong = await post(valid, 'not-the-token');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toContain('invalid_token');
      expect((await sms().messages()).total).toBe(0);
    });

    it('names the field that is wrong', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ ...valid, to: '5123 4567' }, 'to'],
        [{ ...valid, text: '' }, 'text'],
        [{ ...valid, text: 'x'.repeat(1601) }, 'text'],
        [{ ...valid, sender: 'TartuLinnavalitsus' }, 'sender'],
        [{ ...valid, reference: 'r'.repeat(101) }, 'reference'],
        [{ ...valid, priority: 'high' }, 'priority'],
      ];
      for (const [body, field] of cases) {
        const response = await post(body);
        expect({ field, status: response.status }).toEqual({ field, status: 400 });
        const problem = (await response.json()) as { errors: { field: string }[] };
        expect(problem.errors.map((e) => e.field)).toEqual([field]);
      }
      expect((await sms().messages()).total).toBe(0);
    });

    it('accepts a message with 202 and lists it, newest first, and on its page', async () => {
      const response = await post({ ...valid, text: 'Hello <b>Mari</b>' });
      expect(response.status).toBe(202);
      const accepted = (await response.json()) as { id: string; status: string };
      expect(accepted).toEqual({ id: expect.any(String), status: 'accepted' });
      expect((await post({ to: '+3725555555', text: 'Other' })).status).toBe(202);

      const mine = await sms().messages('+37251234567');
      expect(mine).toEqual({
        total: 1,
        messages: [
          {
            id: accepted.id,
            receivedAt: expect.any(String),
            to: '+37251234567',
            text: 'Hello <b>Mari</b>',
            sender: 'Tartu',
            reference: null,
          },
        ],
      });
      expect((await sms().messages()).messages.map((m) => m.text)).toEqual(['Other', 'Hello <b>Mari</b>']);

      const page = await fetch(`${base}/sms`, { headers: { Accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toMatch(/<caption>Text messages, newest first/);
      expect(html).toContain('Hello &lt;b&gt;Mari&lt;/b&gt;');
      expect(html).not.toContain('<b>Mari');
    });

    it('stores a message once however often its reference is sent', async () => {
      const first = await post({ ...valid, reference: 'notification-42' });
      const again = await post({ ...valid, reference: 'notification-42' });
      expect([first.status, again.status]).toEqual([202, 202]);
      const [a, b] = (await Promise.all([first.json(), again.json()])) as { id: string }[];
      expect(b.id).toBe(a.id);
      const other = (await (await post({ ...valid, reference: 'notification-43' })).json()) as { id: string };
      expect(other.id).not.toBe(a.id);
      expect((await sms().messages()).total).toBe(2);
    });

    it('fails on purpose with the status asked for, until reset', async () => {
      expect(await sms().fail(503)).toEqual({ status: 503 });
      const failing = await post(valid);
      expect(failing.status).toBe(503);
      expect(failing.headers.get('content-type')).toContain('application/problem+json');
      expect((await sms().messages()).total).toBe(0);

      for (const status of [404, 600, 'bad']) {
        const refused = await fetch(`${base}/sms/v1/faults`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ status }),
        });
        expect({ status, answer: refused.status }).toEqual({ status, answer: 400 });
      }
      expect((await post(valid)).status).toBe(503); // still failing

      expect(await sms().recover()).toEqual({ status: null });
      expect((await post(valid)).status).toBe(202);
      expect((await sms().messages()).total).toBe(1);
    });
  });
});
