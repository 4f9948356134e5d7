import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { addDays, HoldSweeper, instantOf, isoWeekday, offsetMinutesAt, wallTimeAt } from '@townhall/bookings';
import { PaymentExpirySweeper } from '@townhall/payments';
import ICAL from 'ical.js';
import { seedTenants, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { localFetch } from '../support/local-fetch.js';
import { mailbox, pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TALLINN = 'Europe/Tallinn';
const weekdays = (hours: string) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [hours]]));

/** A Tuesday `weeksAhead` weeks or more ahead, at a local hour in Tallinn. */
function tuesdayAt(hour: number, weeksAhead: number): Date {
  let day = addDays(wallTimeAt(new Date(), TALLINN), 7 * weeksAhead);
  while (isoWeekday(day.year, day.month, day.day) !== 2) day = addDays(day, 1);
  return instantOf({ ...day, hour, minute: 0 }, TALLINN);
}
const hours = (date: Date, h: number) => new Date(date.getTime() + h * 3_600_000);

/** The Tuesdays just before and just after Tallinn's next change of clocks a week or more ahead. */
function tuesdaysAroundNextClockChange(): { before: Date; after: Date; offsets: [number, number] } {
  let day = addDays(wallTimeAt(new Date(), TALLINN), 7);
  const noon = (d: { year: number; month: number; day: number }) => instantOf({ ...d, hour: 12, minute: 0 }, TALLINN);
  for (let i = 0; i < 400; i++, day = addDays(day, 1)) {
    const next = addDays(day, 1);
    if (offsetMinutesAt(noon(day), TALLINN) !== offsetMinutesAt(noon(next), TALLINN)) {
      // The change is in the night to Sunday `next`: Tuesday 5 days before, Tuesday 2 days after.
      const before = instantOf({ ...addDays(next, -5), hour: 18, minute: 0 }, TALLINN);
      const after = instantOf({ ...addDays(next, 2), hour: 18, minute: 0 }, TALLINN);
      return { before, after, offsets: [offsetMinutesAt(before, TALLINN), offsetMinutesAt(after, TALLINN)] };
    }
  }
  throw new Error('no change of clocks in Tallinn within 400 days');
}

/**
 * Bookings joined to payments, end to end (api, worker, PostgreSQL, Sandbox Pay and its mail
 * server): a priced booking is held with its payment opened in the same transaction; paid
 * through the gateway it is confirmed and the booker gets the confirmation with an .ics; a
 * lapsed payment releases the hold at once; a payment that arrives after the hold is gone is
 * refunded; cancelling a paid booking within its rule refunds it; the iCalendar feeds keep the
 * municipality's time zone across a change of clocks.
 */
describe('bookings and payments: hold, pay, confirm, release, refund', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let sandboxBase: string;
  let tartu: string;
  let mari: HttpBrowser;
  let jaan: HttpBrowser;
  let csrf: { mari: string; jaan: string };
  let auditoriumId: string;
  let roomId: string;
  let mail: ReturnType<typeof mailbox>;

  const json = { Accept: 'application/json' };

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    sandboxBase = started.base;
    mail = mailbox(started.base);
    const env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}` });
    process.env.TEST_BP_TARTU_PAYMENTS_SECRET = 'sandbox-pay-secret-tartu';
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        payments: {
          methods: ['card', 'bank-link'],
          gateway: { url: `${started.base}/payments`, merchantId: 'tartu', secretRef: 'TEST_BP_TARTU_PAYMENTS_SECRET' },
        },
        bookings: {
          institutions: [
            {
              code: 'treffner',
              name: { et: 'Hugo Treffneri Gümnaasium', en: 'Hugo Treffner Gymnasium' },
              address: 'Munga 12, 51007 Tartu',
              contacts: { email: 'info@htg.tartu.ee' },
              resources: [
                {
                  code: 'treffner-auditorium',
                  kind: 'hall',
                  name: { et: 'Aula', en: 'Auditorium' },
                  capacity: 100,
                  areaM2: 212,
                  pricePerHour: 5000,
                  bookableHours: weekdays('17:00-21:00'),
                  minMinutes: 60,
                  maxMinutes: 240,
                  cancellationNoticeMinutes: 1440,
                },
                {
                  code: 'treffner-room-101',
                  kind: 'room',
                  name: { en: 'Room 101' },
                  capacity: 30,
                  bookableHours: weekdays('17:00-21:00'),
                  minMinutes: 60,
                  maxMinutes: 180,
                },
              ],
            },
          ],
        },
      } as never),
    ]);
    api = await startApi(env);
    tartu = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
    worker = await startWorker(env);
    mari = await citizen('mari-maasikas');
    jaan = await citizen('jaan-tamm');
    csrf = {
      mari: hiddenField((await mari.request(`${tartu}/me/contact`)).body, '_csrf')!,
      jaan: hiddenField((await jaan.request(`${tartu}/me/contact`)).body, '_csrf')!,
    };
    const list = JSON.parse((await mari.request(`${tartu}/api/v1/resources`, { headers: json })).body) as {
      resources: { id: string; name: { en: string } }[];
    };
    auditoriumId = list.resources.find((r) => r.name.en === 'Auditorium')!.id;
    roomId = list.resources.find((r) => r.name.en === 'Room 101')!.id;
    // Mari wants her messages by e-mail too.
    const prefs = await mari.request(`${tartu}/api/v1/me/contact-preferences`, {
      method: 'PUT',
      json: { email: 'mari@example.ee', channels: ['email'] },
      headers: { ...json, 'X-CSRF-Token': csrf.mari },
    });
    expect(prefs.status).toBe(200);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
    delete process.env.TEST_BP_TARTU_PAYMENTS_SECRET;
  });

  async function citizen(persona: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, `${tartu}/auth/login`, { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    return browser;
  }

  const book = (resourceId: string, start: Date, end: Date, who: 'mari' | 'jaan' = 'mari') =>
    (who === 'mari' ? mari : jaan).request(`${tartu}/api/v1/bookings`, {
      method: 'POST',
      json: { resourceId, start: start.toISOString(), end: end.toISOString() },
      headers: { ...json, 'X-CSRF-Token': csrf[who] },
    });

  /** The payer chooses card and does `outcome` on the gateway's page; the gateway's session id. */
  async function pay(paymentUrl: string, outcome: 'paid' | 'cancelled' = 'paid', who = mari): Promise<string> {
    const page = await who.request(`${tartu}${paymentUrl}`);
    expect(page.status).toBe(200);
    const started = await who.request(`${tartu}${paymentUrl}/start`, {
      form: { method: 'card', _csrf: hiddenField(page.body, '_csrf')! },
    });
    expect(started.status).toBe(303);
    expect(started.location).toMatch(new RegExp(`^${sandboxBase}/payments/pay/ses_`));
    const chosen = await who.request(started.location!, { form: { outcome } });
    expect(chosen.status).toBe(303);
    return started.location!.split('/').pop()!;
  }

  const setCallbacks = (behaviour: { mode: 'normal' | 'none' }) =>
    fetch(`${sandboxBase}/payments/v1/merchants/tartu/callbacks`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(behaviour),
    });
  const gatewaySession = async (id: string) =>
    (await (await fetch(`${sandboxBase}/payments/v1/sessions/${id}`)).json()) as { status: string };
  const statusOf = async (table: 'bookings' | 'payments', id: string) =>
    (await db.query<{ status: string }>(`select status from ${table} where id = $1`, [id]))[0]?.status;
  /** The payer's messages about a payment, in order: event and why the money went back. */
  const paymentMessages = async (paymentId: string) =>
    (
      await db.query<{ event: string; reason: string | null }>(
        `select event, payload->>'refundReason' as reason from outbox
          where event like 'payment.%' and payload->>'path' = $1 order by created_at, event`,
        [`/payments/${paymentId}`],
      )
    ).map((m) => [m.event, m.reason]);
  const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > end) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('holds a priced booking with its payment, and confirms it once paid: outbox event, e-mail with an .ics', async () => {
    const start = tuesdayAt(18, 1);
    const res = await book(auditoriumId, start, hours(start, 2));
    expect(res.status).toBe(201);
    const booking = JSON.parse(res.body);
    expect(booking).toMatchObject({ status: 'held', price: 10000, currency: 'EUR' });
    // Where to pay: the payment page of a payment of the booking's price, lapsing with the hold.
    expect(booking.payment).toMatchObject({ status: 'created', amount: 10000, currency: 'EUR' });
    expect(booking.payment.url).toBe(`/payments/${booking.payment.id}`);
    expect(booking.payment.expiresAt).toBe(booking.heldUntil);
    const [row] = await db.query<{ purpose_kind: string; purpose_id: string }>(
      `select purpose_kind, purpose_id from payments where id = $1`,
      [booking.payment.id],
    );
    expect(row).toEqual({ purpose_kind: 'booking', purpose_id: booking.id });

    const sessionId = await pay(booking.payment.url);
    expect(
      await until(
        () => statusOf('bookings', booking.id),
        (s) => s === 'confirmed',
      ),
    ).toBe('confirmed');
    expect(await statusOf('payments', booking.payment.id)).toBe('paid');
    expect((await gatewaySession(sessionId)).status).toBe('paid');

    const events = await db.query<{ payload: { calendar: { start: string } } & Record<string, unknown> }>(
      `select payload from outbox where event = 'booking.confirmed'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({
      reference: booking.reference,
      service: { en: 'Auditorium', et: 'Aula' },
      amount: { minor: 10000, currency: 'EUR' },
      calendar: {
        timeZone: TALLINN,
        place: { en: 'Hugo Treffner Gymnasium' },
        address: 'Munga 12, 51007 Tartu',
      },
    });
    // In the municipality's time, with its offset then.
    expect(events[0].payload.calendar.start).toMatch(/T18:00:00\+0[23]:00$/);
    expect(new Date(events[0].payload.calendar.start).getTime()).toBe(start.getTime());

    const [confirmation] = await mail.waitFor({ to: 'mari@example.ee', subject: 'Booking confirmed' }, 1, 20_000);
    expect(confirmation.subject).toContain('Auditorium');
    const ics = confirmation.attachments.find((a) => a.filename === `booking-${booking.reference}.ics`);
    expect(ics?.contentType).toMatch(/^text\/calendar/);
    const file = await (
      await fetch(`${sandboxBase}/mail/v1/messages/${confirmation.id}/attachments/${ics!.index}`)
    ).text();
    const event = parseOne(file);
    expect(event.uid).toBe(`booking-${booking.id}@tartu.townhall`);
    expect(event.startDate.zone?.tzid).toBe(TALLINN);
    expect(event.startDate.toJSDate().getTime()).toBe(start.getTime());
    expect(event.endDate.toJSDate().getTime()).toBe(hours(start, 2).getTime());
    expect(file).toContain('METHOD:PUBLISH');
    const text = (await mail.message(confirmation.id)).text;
    expect(text).toContain(booking.reference);
    expect(text).toContain('Hugo Treffner Gymnasium');
    expect(text).toContain('€100.00');
    // In the municipality's English: day before month, a 24-hour clock (not "December 1, 2026 at 6:00 PM").
    expect(text).toMatch(/When: [A-Z][a-z]+, \d{1,2} [A-Z][a-z]+ \d{4} at 18:00–20:00/);

    // The slot is taken now, for everyone.
    expect((await book(auditoriumId, start, hours(start, 1), 'jaan')).status).toBe(409);
  });

  it('releases the hold at once when its payment lapses: the slot is free again', async () => {
    const start = tuesdayAt(17, 2);
    const booking = JSON.parse((await book(auditoriumId, start, hours(start, 1))).body);
    expect(booking.status).toBe('held');
    expect((await book(auditoriumId, start, hours(start, 1), 'jaan')).status).toBe(409);
    // The payment session ran out (the hold's own time has not): the worker's payment sweep expires it…
    await db.query(`update payments set expires_at = now() - interval '1 second' where id = $1`, [booking.payment.id]);
    expect(await worker.get(PaymentExpirySweeper).sweep()).toBeGreaterThanOrEqual(1);
    // …and the purpose handler released the hold in the same transaction.
    expect(await statusOf('payments', booking.payment.id)).toBe('expired');
    expect(await statusOf('bookings', booking.id)).toBe('expired');
    expect((await book(auditoriumId, start, hours(start, 1), 'jaan')).status).toBe(201);
  });

  it('releases the hold when the payer cancels at the gateway', async () => {
    const start = tuesdayAt(19, 2);
    const booking = JSON.parse((await book(auditoriumId, start, hours(start, 1))).body);
    await pay(booking.payment.url, 'cancelled');
    expect(
      await until(
        () => statusOf('bookings', booking.id),
        (s) => s === 'expired',
      ),
    ).toBe('expired');
    expect(await statusOf('payments', booking.payment.id)).toBe('failed');
    expect((await book(auditoriumId, start, hours(start, 1), 'jaan')).status).toBe(201);
  });

  it('refunds a payment whose callback comes after the hold expired and the slot went to someone else', async () => {
    const start = tuesdayAt(18, 3);
    const booking = JSON.parse((await book(auditoriumId, start, hours(start, 2))).body);
    // Mari pays in time, but the gateway's callback does not come…
    await setCallbacks({ mode: 'none' });
    let sessionId: string;
    try {
      sessionId = await pay(booking.payment.url);
    } finally {
      await setCallbacks({ mode: 'normal' });
    }
    expect((await gatewaySession(sessionId)).status).toBe('paid');
    // …the hold and the payment run out, the sweeps release them, and Jaan books the slot.
    await db.query(`update bookings set held_until = now() - interval '1 second' where id = $1`, [booking.id]);
    await db.query(`update payments set expires_at = now() - interval '1 second' where id = $1`, [booking.payment.id]);
    await worker.get(PaymentExpirySweeper).sweep();
    await worker.get(HoldSweeper).sweep();
    expect(await statusOf('bookings', booking.id)).toBe('expired');
    const jaans = await book(auditoriumId, start, hours(start, 2), 'jaan');
    expect(jaans.status).toBe(201);
    // The callback arrives late: taken (the gateway took the money), and the money is owed back.
    // The gateway fails the first refund: the refund stays owed, and the sweep makes it.
    await fetch(`${sandboxBase}/payments/v1/merchants/tartu/refund-faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fail: 1 }),
    });
    const sent = await fetch(`${sandboxBase}/payments/v1/sessions/${sessionId}/callbacks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({}),
    });
    const { callbacks } = (await sent.json()) as { callbacks: { answered: number }[] };
    expect(callbacks.at(-1)!.answered).toBe(200);
    const owed = async () =>
      (
        await db.query<{ status: string; due: boolean }>(
          `select status, refund_due_at is not null as due from payments where id = $1`,
          [booking.payment.id],
        )
      )[0];
    // (The worker's own sweep may already have made it by the time this looks.)
    expect(['paid', 'refunded']).toContain((await until(owed, (p) => p.due || p.status === 'refunded')).status);
    await worker.get(PaymentExpirySweeper).sweep();
    // The first refund failed at the gateway, so this one is the sweep's: nothing owed any more.
    expect(await owed()).toEqual({ status: 'refunded', due: false });
    expect(
      await until(
        () => statusOf('payments', booking.payment.id),
        (s) => s === 'refunded',
      ),
    ).toBe('refunded');
    expect((await gatewaySession(sessionId)).status).toBe('refunded');
    // Mari's booking stays expired; the slot stays Jaan's.
    expect(await statusOf('bookings', booking.id)).toBe('expired');
    expect(await statusOf('bookings', JSON.parse(jaans.body).id)).toBe('held');
    expect(await db.query(`select 1 from outbox where event = 'booking.confirmed'`)).toHaveLength(1);
    // Mari is told why her money goes back, at once (in the payment's transaction), and again when it is back.
    expect(await paymentMessages(booking.payment.id)).toEqual([
      ['payment.refund-due', 'booking-gone'],
      ['payment.refunded', 'booking-gone'],
    ]);
    const [why] = await mail.waitFor({ to: 'mari@example.ee', subject: 'Your payment is being refunded' }, 1, 20_000);
    expect((await mail.message(why.id)).text).toContain('the time was no longer held for you');
    await mail.waitFor({ to: 'mari@example.ee', subject: `Refund made: €100.00 for ${booking.reference}` }, 1, 20_000);
  });

  it('refunds a paid booking cancelled within the resource’s rule, and frees its slot', async () => {
    const start = tuesdayAt(20, 4);
    const booking = JSON.parse((await book(auditoriumId, start, hours(start, 1))).body);
    const sessionId = await pay(booking.payment.url);
    expect(
      await until(
        () => statusOf('bookings', booking.id),
        (s) => s === 'confirmed',
      ),
    ).toBe('confirmed');
    // Another's booking cannot be cancelled (nor told apart from a missing one).
    const foreign = await jaan.request(`${tartu}/api/v1/bookings/${booking.id}/cancel`, {
      method: 'POST',
      headers: { ...json, 'X-CSRF-Token': csrf.jaan },
    });
    expect(foreign.status).toBe(404);
    const cancelled = await mari.request(`${tartu}/api/v1/bookings/${booking.id}/cancel`, {
      method: 'POST',
      headers: { ...json, 'X-CSRF-Token': csrf.mari },
    });
    expect(cancelled.status).toBe(200);
    expect(JSON.parse(cancelled.body)).toMatchObject({
      status: 'cancelled',
      refund: { id: booking.payment.id, status: 'refunded', amount: 5000 },
    });
    expect(await statusOf('payments', booking.payment.id)).toBe('refunded');
    expect((await gatewaySession(sessionId)).status).toBe('refunded');
    expect((await book(auditoriumId, start, hours(start, 1), 'jaan')).status).toBe(201);
    // "My bookings" says so.
    const page = await mari.request(`${tartu}/me/bookings?lang=en`);
    expect(page.body).toMatch(/refunded/);
  });

  it('cancels a paid booking even when the gateway fails the refund; the sweep refunds it once, and the booker is told', async () => {
    const start = tuesdayAt(18, 6);
    const booking = JSON.parse((await book(auditoriumId, start, hours(start, 1))).body);
    const sessionId = await pay(booking.payment.url);
    expect(
      await until(
        () => statusOf('bookings', booking.id),
        (s) => s === 'confirmed',
      ),
    ).toBe('confirmed');
    // The gateway refuses every refund for now.
    const refundFaults = (fail: number) =>
      fetch(`${sandboxBase}/payments/v1/merchants/tartu/refund-faults`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ fail }),
      });
    await refundFaults(50);
    const page = await mari.request(`${tartu}/me/bookings`);
    const cancelled = await mari.request(`${tartu}/me/bookings/${booking.id}/cancel`, {
      form: { _csrf: hiddenField(page.body, '_csrf')! },
    });
    // Cancelled all the same, the money owed back in the same transaction.
    expect(cancelled.status).toBe(303);
    expect(cancelled.location).toBe(`${tartu}/me/bookings?cancelled=${booking.reference}`);
    expect(await statusOf('bookings', booking.id)).toBe('cancelled');
    const owed = async () =>
      (
        await db.query<{ status: string; due: boolean; reason: string | null }>(
          `select status, refund_due_at is not null as due, refund_reason as reason from payments where id = $1`,
          [booking.payment.id],
        )
      )[0];
    expect(await owed()).toEqual({ status: 'paid', due: true, reason: 'booking-cancelled' });
    expect((await gatewaySession(sessionId)).status).toBe('paid');
    // Mari reads that it is cancelled and that the refund is on its way; the slot is free.
    const after = await mari.request(`${cancelled.location!}&lang=en`);
    expect(after.body).toContain(`Booking ${booking.reference} is cancelled. The refund of €50.00 is on its way`);
    expect(after.body).toContain('refund on its way');
    const payment = await mari.request(`${tartu}/payments/${booking.payment.id}?lang=en`);
    expect(payment.body).toContain('Being refunded');
    expect(payment.body).toContain('You cancelled the booking.');
    expect((await book(auditoriumId, start, hours(start, 1), 'jaan')).status).toBe(201);

    // The sweep tries, fails while the gateway does, and makes it once the gateway is back.
    await worker.get(PaymentExpirySweeper).sweep();
    expect(await owed()).toMatchObject({ status: 'paid', due: true });
    await refundFaults(0);
    await worker.get(PaymentExpirySweeper).sweep();
    expect(await owed()).toEqual({ status: 'refunded', due: false, reason: 'booking-cancelled' });
    await worker.get(PaymentExpirySweeper).sweep();
    expect((await gatewaySession(sessionId)).status).toBe('refunded');
    const refunds = await db.query<{ verdict: string }>(
      `select verdict from payment_events where payment_id = $1 and source = 'refund'`,
      [booking.payment.id],
    );
    expect(refunds.filter((r) => r.verdict === 'accepted')).toHaveLength(1);
    // Told once that the money is back, and why.
    expect(await paymentMessages(booking.payment.id)).toEqual([
      ['payment.received', null],
      ['payment.refunded', 'booking-cancelled'],
    ]);
    const [refunded] = await mail.waitFor(
      { to: 'mari@example.ee', subject: `Refund made: €50.00 for ${booking.reference}` },
      1,
      20_000,
    );
    expect((await mail.message(refunded.id)).text).toContain('You cancelled the booking.');
    const mine = await mari.request(`${tartu}/me/bookings?cancelled=${booking.reference}&lang=en`);
    expect(mine.body).toContain(`Booking ${booking.reference} is cancelled, and €50.00 has been refunded`);
  });

  it('refuses to cancel a paid booking later than its notice, and keeps the money', async () => {
    const start = tuesdayAt(18, 5);
    const booking = JSON.parse((await book(auditoriumId, start, hours(start, 1))).body);
    await pay(booking.payment.url);
    expect(
      await until(
        () => statusOf('bookings', booking.id),
        (s) => s === 'confirmed',
      ),
    ).toBe('confirmed');
    // The notice is 24 h: move the booking to start in an hour.
    const soon = new Date(Math.ceil((Date.now() + 3_600_000) / 3_600_000) * 3_600_000);
    await db.query(`update bookings set during = tstzrange($2, $3, '[)') where id = $1`, [
      booking.id,
      soon,
      hours(soon, 1),
    ]);
    const late = await mari.request(`${tartu}/api/v1/bookings/${booking.id}/cancel`, {
      method: 'POST',
      headers: { ...json, 'X-CSRF-Token': csrf.mari },
    });
    expect(late.status).toBe(409);
    expect(late.body).toContain('until 24 h before it starts');
    expect(await statusOf('bookings', booking.id)).toBe('confirmed');
    expect(await statusOf('payments', booking.payment.id)).toBe('paid');
  });

  it('publishes iCalendar feeds that keep the time zone across a change of clocks', async () => {
    const { before, after, offsets } = tuesdaysAroundNextClockChange();
    expect(offsets[0]).not.toBe(offsets[1]);
    const first = JSON.parse((await book(roomId, before, hours(before, 1))).body);
    const second = JSON.parse((await book(roomId, after, hours(after, 1))).body);
    expect([first.status, second.status]).toEqual(['confirmed', 'confirmed']);

    // The resource's public feed: taken slots, "Booked", nobody's name.
    const feed = await localFetch(new Request(`${tartu}/resources/${roomId}/calendar.ics?lang=en`));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await feed.text();
    expect(text).not.toMatch(/Maasikas|Mari|B-[A-Z0-9]{8}/);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const zone = calendar.getFirstSubcomponent('vtimezone');
    expect(zone?.getFirstPropertyValue('tzid')).toBe(TALLINN);
    ICAL.TimezoneService.register(zone!);
    const events = calendar
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .sort((a, b) => a.startDate.compare(b.startDate));
    expect(events.map((e) => e.summary)).toEqual(['Booked', 'Booked']);
    for (const [event, instant] of [
      [events[0], before],
      [events[1], after],
    ] as const) {
      // 18:00 on the wall clock in Tallinn on both sides of the change; 16:00 or 15:00 UTC.
      expect(event.startDate.zone?.tzid).toBe(TALLINN);
      expect([event.startDate.hour, event.startDate.minute]).toEqual([18, 0]);
      expect(event.startDate.toJSDate().getTime()).toBe(instant.getTime());
      expect(event.endDate.toJSDate().getTime()).toBe(hours(instant, 1).getTime());
    }
    expect(events[0].startDate.utcOffset()).not.toBe(events[1].startDate.utcOffset());
    expect(events[0].uid).not.toContain(first.id);

    // The booker's own booking, as a file; another's is a 404.
    const own = await mari.request(`${tartu}/me/bookings/${second.id}/booking.ics`);
    expect(own.status).toBe(200);
    const mine = parseOne(own.body);
    expect(mine.uid).toBe(`booking-${second.id}@tartu.townhall`);
    expect(mine.summary).toBe('Room 101, Hugo Treffner Gymnasium');
    expect(mine.startDate.zone?.tzid).toBe(TALLINN);
    expect(mine.startDate.toJSDate().getTime()).toBe(after.getTime());
    expect((await jaan.request(`${tartu}/me/bookings/${second.id}/booking.ics`)).status).toBe(404);
    expect((await localFetch(new Request(`${tartu}/me/bookings/${second.id}/booking.ics`))).status).not.toBe(200);
  });
});

/** The one VEVENT of an iCalendar text, its VTIMEZONE registered so that its times resolve. */
function parseOne(text: string): ICAL.Event {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  return new ICAL.Event(events[0]);
}
