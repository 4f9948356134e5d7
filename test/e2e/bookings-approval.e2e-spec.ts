import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { addDays, instantOf, isoWeekday, wallTimeAt } from '@townhall/bookings';
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

/**
 * Bookings that need an official's approval (issue 8), end to end (api, worker, Sandbox Pay and
 * its mail server): a booking of such a resource is a request that keeps its time; every
 * official sees it, the officials who manage resources approve it (confirmed; or, priced, held
 * for the booker to pay by a deadline) or reject it with a reason (the time free again); the
 * booker is told each time; of two officials deciding at once one wins and the other hears 409;
 * who decided is kept; the officials who decide are e-mailed of each request as it arrives. And the institution's public calendar: a week of all its resources and an
 * iCalendar feed that keeps the municipality's time zone.
 */
describe('bookings that need approval, and the institution calendar', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let sandboxBase: string;
  let port: number;
  let mail: ReturnType<typeof mailbox>;
  let mari: { browser: HttpBrowser; csrf: string };
  let jaan: { browser: HttpBrowser; csrf: string };
  let anna: { browser: HttpBrowser; csrf: string; id: string };
  let otto: { browser: HttpBrowser; csrf: string; id: string };
  let hanna: { browser: HttpBrowser; csrf: string; id: string };
  let roomId: string;
  let hallId: string;
  let classroomId: string;
  let townHallId: string;

  const at = (slug: string, path = '') => `http://${slug}.localhost:${port}${path}`;
  const json = (csrf: string) => ({ Accept: 'application/json', 'X-CSRF-Token': csrf });

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    sandboxBase = started.base;
    mail = mailbox(started.base);
    const env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}` });
    process.env.TEST_APPROVAL_TARTU_PAYMENTS_SECRET = 'sandbox-pay-secret-tartu';
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        // Two officials who manage resources (Otto is made an admin here), and a case handler;
        // an admin invited who has never logged in (not active: not told of requests).
        staff: [
          { email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' },
          { email: 'owner@tartu.example.eu', name: 'Otto Owner', role: 'admin' },
          { email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' },
          { email: 'nora@tartu.example.eu', name: 'Nora Newcomer', role: 'admin' },
        ],
        payments: {
          methods: ['card'],
          gateway: {
            url: `${started.base}/payments`,
            merchantId: 'tartu',
            secretRef: 'TEST_APPROVAL_TARTU_PAYMENTS_SECRET',
          },
        },
        bookings: {
          institutions: [
            {
              code: 'raekoda',
              name: { en: 'Tartu Town Hall', et: 'Tartu Raekoda' },
              address: 'Raekoja plats 1, 50089 Tartu',
              resources: [
                {
                  code: 'raekoda-meeting-room',
                  kind: 'room',
                  name: { en: 'Meeting room', et: 'Nõupidamisruum' },
                  bookableHours: weekdays('09:00-16:00'),
                  minMinutes: 60,
                  maxMinutes: 120,
                  needsApproval: true,
                },
                {
                  code: 'raekoda-hall',
                  kind: 'hall',
                  name: { en: 'Hall', et: 'Saal' },
                  pricePerHour: 4000,
                  bookableHours: weekdays('09:00-16:00'),
                  minMinutes: 60,
                  maxMinutes: 120,
                  needsApproval: true,
                },
              ],
            },
            {
              code: 'treffner',
              name: { en: 'Hugo Treffner Gymnasium' },
              address: 'Munga 12, 51007 Tartu',
              resources: [
                {
                  code: 'treffner-room-101',
                  kind: 'room',
                  name: { en: 'Room 101' },
                  bookableHours: weekdays('09:00-16:00'),
                  minMinutes: 60,
                  maxMinutes: 120,
                },
              ],
            },
          ],
        },
      } as never),
      tenantSpec('espoo', {
        identityProvider: sandboxProviders(started.base, 'espoo'),
        staff: [{ email: 'admin@espoo.example.eu', name: 'Anna Admin (espoo)', role: 'admin' }],
      } as never),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    worker = await startWorker(env);
    mari = await citizen('mari-maasikas');
    jaan = await citizen('jaan-tamm');
    anna = await official('tartu-admin');
    otto = await official('tartu-owner');
    hanna = await official('tartu-handler');
    // Espoo's admin logs in (active): another municipality's official who decides its requests.
    const espooAdmin = new HttpBrowser();
    const espooLogin = await pickPersona(espooAdmin, at('espoo', '/office/auth/login'), {
      persona: 'espoo-admin',
      level: 'substantial',
    });
    expect((await espooAdmin.request(espooLogin.callback)).status).toBe(303);
    const list = JSON.parse(
      (await mari.browser.request(at('tartu', '/api/v1/resources'), { headers: json(mari.csrf) })).body,
    ) as { institutions: { id: string; name: { en: string } }[]; resources: { id: string; name: { en: string } }[] };
    roomId = list.resources.find((r) => r.name.en === 'Meeting room')!.id;
    hallId = list.resources.find((r) => r.name.en === 'Hall')!.id;
    classroomId = list.resources.find((r) => r.name.en === 'Room 101')!.id;
    townHallId = list.institutions.find((i) => i.name.en === 'Tartu Town Hall')!.id;
    // Mari wants her messages by e-mail too.
    const prefs = await mari.browser.request(at('tartu', '/api/v1/me/contact-preferences'), {
      method: 'PUT',
      json: { email: 'mari@example.ee', channels: ['email'] },
      headers: json(mari.csrf),
    });
    expect(prefs.status).toBe(200);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
    delete process.env.TEST_APPROVAL_TARTU_PAYMENTS_SECRET;
  });

  async function citizen(persona: string) {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at('tartu', '/auth/login'), { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    return { browser, csrf: hiddenField((await browser.request(at('tartu', '/me/contact'))).body, '_csrf')! };
  }

  async function official(persona: string) {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at('tartu', '/office/auth/login'), {
      persona,
      level: 'substantial',
    });
    expect((await browser.request(callback)).status).toBe(303);
    const page = await browser.request(at('tartu', '/office'));
    const [row] = await db.query<{ id: string }>(`select id from staff_members where email = $1`, [
      `${persona.split('-')[1]}@tartu.example.eu`,
    ]);
    return { browser, csrf: hiddenField(page.body, '_csrf')!, id: row.id };
  }

  const book = (who: { browser: HttpBrowser; csrf: string }, resourceId: string, start: Date, end: Date) =>
    who.browser.request(at('tartu', '/api/v1/bookings'), {
      method: 'POST',
      json: { resourceId, start: start.toISOString(), end: end.toISOString() },
      headers: json(who.csrf),
    });
  const approve = (who: { browser: HttpBrowser; csrf: string }, id: string) =>
    who.browser.request(at('tartu', `/api/v1/office/bookings/${id}/approve`), {
      method: 'POST',
      headers: json(who.csrf),
    });
  const reject = (who: { browser: HttpBrowser; csrf: string }, id: string, reason?: string) =>
    who.browser.request(at('tartu', `/api/v1/office/bookings/${id}/reject`), {
      method: 'POST',
      json: reason === undefined ? {} : { reason },
      headers: json(who.csrf),
    });
  const bookingRow = async (id: string) =>
    (
      await db.query<{
        status: string;
        decided_by: string | null;
        decided_at: Date | null;
        decision_reason: string | null;
        held_until: Date | null;
      }>(`select status, decided_by, decided_at, decision_reason, held_until from bookings where id = $1`, [id])
    )[0];
  const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > end) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('takes a booking of a resource that needs approval as a request: its time is kept, nothing is paid yet', async () => {
    const start = tuesdayAt(10, 1);
    const res = await book(mari, roomId, start, hours(start, 1));
    expect(res.status).toBe(201);
    const booking = JSON.parse(res.body);
    expect(booking).toMatchObject({ status: 'requested', price: 0, payment: null });
    // The time is kept while the request waits.
    expect((await book(jaan, roomId, start, hours(start, 1))).status).toBe(409);
    // A priced resource that needs approval asks for nothing until it is approved.
    const hall = JSON.parse((await book(mari, hallId, tuesdayAt(9, 1), hours(tuesdayAt(9, 1), 1))).body);
    expect(hall).toMatchObject({ status: 'requested', price: 4000, payment: null });
    expect(await db.query(`select 1 from payments where purpose_id = $1`, [hall.id])).toEqual([]);
  });

  it('shows the requests to every official, the booker named only on the request’s page (and logged)', async () => {
    const start = tuesdayAt(11, 1);
    const booking = JSON.parse((await book(mari, roomId, start, hours(start, 1))).body);
    const list = await hanna.browser.request(at('tartu', '/office/bookings?lang=en'));
    expect(list.status).toBe(200);
    expect(list.body).toContain(booking.reference);
    expect(list.body).toContain('Meeting room');
    expect(list.body).not.toContain('Maasikas');
    const page = await hanna.browser.request(at('tartu', `/office/bookings/${booking.id}?lang=en`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Mari Maasikas');
    // A case handler sees it, but does not decide it.
    expect(page.body).not.toContain('Approve the request');
    const [logged] = await db.query<{ actor_name: string; reason: string }>(
      `select actor_name, reason from data_access_log where person_id = (select booker_id from bookings where id = $1)`,
      [booking.id],
    );
    expect(logged).toEqual({ actor_name: 'Hanna Handler', reason: `Booking ${booking.reference}` });
    expect((await approve(hanna, booking.id)).status).toBe(403);
    expect((await reject(hanna, booking.id, 'No')).status).toBe(403);
    expect((await bookingRow(booking.id)).status).toBe('requested');
    // The city systems' read lists it with its id, to decide by.
    const read = await anna.browser.request(at('tartu', '/api/v1/office/bookings?status=requested'), {
      headers: json(anna.csrf),
    });
    expect(JSON.parse(read.body).bookings).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: booking.id, reference: booking.reference })]),
    );
    // Another municipality's official does not find it.
    const espoo = await anna.browser.request(at('espoo', `/office/bookings/${booking.id}`), {
      headers: json(anna.csrf),
    });
    expect([401, 403, 404]).toContain(espoo.status);
  });

  it('lets one of two officials approving at once win; the other hears 409; the booker is told it is confirmed', async () => {
    const start = tuesdayAt(13, 1);
    const booking = JSON.parse((await book(mari, roomId, start, hours(start, 1))).body);
    const answers = await Promise.all([approve(anna, booking.id), approve(otto, booking.id)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const won = answers.find((a) => a.status === 200)!;
    const lost = answers.find((a) => a.status === 409)!;
    expect(JSON.parse(won.body)).toMatchObject({ status: 'confirmed', payment: null });
    expect(lost.body).toContain(`Booking ${booking.reference} is not waiting for a decision any more: it is confirmed`);
    const row = await bookingRow(booking.id);
    expect(row.status).toBe('confirmed');
    expect([anna.id, otto.id]).toContain(row.decided_by);
    expect(JSON.parse(won.body).decidedBy).toBe(row.decided_by);
    expect(row.decided_at).not.toBeNull();
    // Deciding again, either way, is refused alike; nothing changes.
    expect((await approve(anna, booking.id)).status).toBe(409);
    expect((await reject(otto, booking.id, 'Too late')).status).toBe(409);
    expect((await bookingRow(booking.id)).status).toBe('confirmed');

    const events = await db.query<{ payload: Record<string, unknown> }>(
      `select payload from outbox where event = 'booking.confirmed' and payload->>'reference' = $1`,
      [booking.reference],
    );
    expect(events).toHaveLength(1);
    const [confirmation] = await mail.waitFor(
      { to: 'mari@example.ee', subject: 'Booking confirmed: Meeting room' },
      1,
      20_000,
    );
    expect(confirmation.attachments.map((a) => a.filename)).toContain(`booking-${booking.reference}.ics`);
  });

  it('refuses a rejection without a reason; with one, the booker is told why and the time is free again', async () => {
    const start = tuesdayAt(14, 1);
    const booking = JSON.parse((await book(mari, roomId, start, hours(start, 1))).body);
    const bare = await reject(anna, booking.id, '   ');
    expect(bare.status).toBe(422);
    expect(JSON.parse(bare.body).errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await bookingRow(booking.id)).status).toBe('requested');

    const reason = 'The room is being renovated that week.';
    const rejected = await reject(anna, booking.id, reason);
    expect(rejected.status).toBe(200);
    expect(JSON.parse(rejected.body)).toMatchObject({ status: 'rejected', reason, decidedBy: anna.id });
    expect(await bookingRow(booking.id)).toMatchObject({
      status: 'rejected',
      decided_by: anna.id,
      decision_reason: reason,
      held_until: null,
    });
    const [event] = await db.query<{ payload: { message: string; calendar: { attach: boolean } } }>(
      `select payload from outbox where event = 'booking.rejected' and payload->>'reference' = $1`,
      [booking.reference],
    );
    expect(event.payload.message).toBe(reason);
    const [declined] = await mail.waitFor({ to: 'mari@example.ee', subject: 'Booking request declined' }, 1, 20_000);
    expect(declined.subject).toContain('Meeting room');
    // A rejection puts nothing in a calendar.
    expect(declined.attachments).toEqual([]);
    expect((await mail.message(declined.id)).text).toContain(`Reason: ${reason}`);
    // The time is free: the exclusion constraint covers live bookings only.
    const jaans = await book(jaan, roomId, start, hours(start, 1));
    expect(jaans.status).toBe(201);
    // Mari's bookings say so, with the reason.
    const mine = await mari.browser.request(at('tartu', '/me/bookings?lang=en'));
    expect(mine.body).toContain(`Reason: ${reason}`);
  });

  it('lets exactly one of an approval and a rejection made at once hold', async () => {
    const start = tuesdayAt(15, 1);
    const booking = JSON.parse((await book(mari, roomId, start, hours(start, 1))).body);
    const [approved, rejected] = await Promise.all([approve(anna, booking.id), reject(otto, booking.id, 'Closed')]);
    expect([approved.status, rejected.status].sort()).toEqual([200, 409]);
    const row = await bookingRow(booking.id);
    expect(row.status).toBe(approved.status === 200 ? 'confirmed' : 'rejected');
    expect(row.decided_by).toBe(approved.status === 200 ? anna.id : otto.id);
  });

  it('holds an approved priced request for payment: the booker is told to pay by a deadline, and paying confirms it', async () => {
    const start = tuesdayAt(9, 2);
    const booking = JSON.parse((await book(mari, hallId, start, hours(start, 2))).body);
    expect(booking).toMatchObject({ status: 'requested', price: 8000 });
    const res = await approve(otto, booking.id);
    expect(res.status).toBe(200);
    const approved = JSON.parse(res.body);
    expect(approved).toMatchObject({
      status: 'held',
      decidedBy: otto.id,
      payment: { status: 'created', amount: 8000, currency: 'EUR' },
    });
    // Days to pay, to the end of a day in Tartu; the payment lapses with the hold.
    const heldUntil = new Date(approved.heldUntil);
    expect(heldUntil.getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    expect(heldUntil.getTime()).toBeLessThan(start.getTime());
    expect(wallTimeAt(heldUntil, TALLINN)).toMatchObject({ hour: 23, minute: 59 });
    expect(approved.payment.expiresAt).toBe(approved.heldUntil);

    const [event] = await db.query<{ payload: { path: string; dueAt: string; amount: { minor: number } } }>(
      `select payload from outbox where event = 'booking.approved' and payload->>'reference' = $1`,
      [booking.reference],
    );
    expect(event.payload).toMatchObject({
      path: `/payments/${approved.payment.id}`,
      dueAt: approved.heldUntil,
      amount: { minor: 8000 },
    });
    const [told] = await mail.waitFor({ to: 'mari@example.ee', subject: 'Booking approved, to be paid' }, 1, 20_000);
    expect(told.attachments).toEqual([]);
    const text = (await mail.message(told.id)).text;
    expect(text).toContain('€80.00');
    expect(text).toContain(`/payments/${approved.payment.id}`);

    // Mari pays on the gateway's page: the booking is confirmed, as any paid hold.
    const paymentPage = await mari.browser.request(at('tartu', `/payments/${approved.payment.id}`));
    expect(paymentPage.status).toBe(200);
    const started = await mari.browser.request(at('tartu', `/payments/${approved.payment.id}/start`), {
      form: { method: 'card', _csrf: hiddenField(paymentPage.body, '_csrf')! },
    });
    expect(started.status).toBe(303);
    expect(started.location).toMatch(new RegExp(`^${sandboxBase}/payments/pay/ses_`));
    expect((await mari.browser.request(started.location!, { form: { outcome: 'paid' } })).status).toBe(303);
    const confirmed = await until(
      async () => (await bookingRow(booking.id)).status,
      (s) => s === 'confirmed',
    );
    expect(confirmed).toBe('confirmed');
    expect(
      await db.query(`select 1 from outbox where event = 'booking.confirmed' and payload->>'reference' = $1`, [
        booking.reference,
      ]),
    ).toHaveLength(1);
  });

  it('lets an official decide on the office pages: approved from the form, 409 told on the page, a reason required', async () => {
    const first = JSON.parse((await book(mari, roomId, tuesdayAt(9, 3), hours(tuesdayAt(9, 3), 1))).body);
    const page = await anna.browser.request(at('tartu', `/office/bookings/${first.id}?lang=en`));
    expect(page.body).toContain('Approve the request');
    const csrf = hiddenField(page.body, '_csrf')!;
    const approved = await anna.browser.request(at('tartu', `/office/bookings/${first.id}/approve`), {
      form: { _csrf: csrf },
    });
    expect(approved.status).toBe(303);
    expect(approved.location).toBe(at('tartu', `/office/bookings?decided=approved&reference=${first.reference}`));
    const after = await anna.browser.request(`${approved.location}&lang=en`);
    expect(after.body).toContain(`Booking ${first.reference} is approved; the booker is told.`);
    expect(after.body).not.toContain(`/office/bookings/${first.id}"`);
    // Otto had the page open: his approval comes second.
    const again = await otto.browser.request(at('tartu', `/office/bookings/${first.id}/approve?lang=en`), {
      form: { _csrf: otto.csrf },
    });
    expect(again.status).toBe(409);
    expect(again.body).toContain('is not waiting for a decision any more');
    expect(again.body).toContain('Anna Admin');

    const second = JSON.parse((await book(mari, roomId, tuesdayAt(11, 3), hours(tuesdayAt(11, 3), 1))).body);
    const bare = await anna.browser.request(at('tartu', `/office/bookings/${second.id}/reject?lang=en`), {
      form: { _csrf: csrf, reason: '' },
    });
    expect(bare.status).toBe(422);
    expect(bare.body).toContain('class="error-summary"');
    expect(bare.body).toContain('href="#reason"');
    expect(bare.body).toMatch(/id="reason" name="reason"[^>]*aria-invalid="true"/);
    const rejected = await anna.browser.request(at('tartu', `/office/bookings/${second.id}/reject`), {
      form: { _csrf: csrf, reason: 'A council meeting takes the room.' },
    });
    expect(rejected.status).toBe(303);
    expect((await bookingRow(second.id)).decision_reason).toBe('A council meeting takes the room.');
  });

  it('e-mails each active official who decides requests, and no one else, of a request as it arrives', async () => {
    const start = tuesdayAt(12, 5);
    const res = await book(jaan, hallId, start, hours(start, 2));
    expect(res.status).toBe(201);
    const booking = JSON.parse(res.body);
    expect(booking.status).toBe('requested');
    // One notice per active admin, written with the request.
    const rows = await db.query<{ recipient_kind: string; recipient_id: string }>(
      `select recipient_kind, recipient_id from outbox where event = 'booking.requested' and payload->>'reference' = $1`,
      [booking.reference],
    );
    expect(rows.map((r) => r.recipient_kind)).toEqual(['staff', 'staff']);
    expect(rows.map((r) => r.recipient_id).sort()).toEqual([anna.id, otto.id].sort());
    await mail.waitFor({ subject: booking.reference }, 2, 20_000);
    // Both sent: nothing more is on its way.
    await until(
      () =>
        db.query(
          `select 1 from outbox where event = 'booking.requested' and payload->>'reference' = $1 and processed_at is null`,
          [booking.reference],
        ),
      (open) => open.length === 0,
    );
    const { messages } = await mail.messages({ subject: booking.reference, limit: 100 });
    expect(messages.flatMap((m) => m.to).sort()).toEqual(['admin@tartu.example.eu', 'owner@tartu.example.eu']);
    // Not the handler, not the admin who never logged in, not Espoo's admin.
    for (const to of ['handler@tartu.example.eu', 'nora@tartu.example.eu', 'admin@espoo.example.eu']) {
      expect((await mail.messages({ to, subject: 'Booking request' })).total).toBe(0);
    }
    const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: TALLINN });
    const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: TALLINN });
    const when = `${day.format(start)}–${time.format(hours(start, 2))}`;
    for (const told of messages) {
      expect(told.subject).toBe(`Booking request to decide: Hall, ${when} (${booking.reference})`);
      expect(told.from).toContain('Municipality tartu');
      // Not in anyone's calendar yet.
      expect(told.attachments).toEqual([]);
      const text = (await mail.message(told.id)).text;
      expect(text).toContain(`Hello ${told.to[0] === 'admin@tartu.example.eu' ? 'Anna Admin' : 'Otto Owner'},`);
      expect(text).toContain(`The booking request ${booking.reference} waits for your decision.`);
      expect(text).toContain('What: Hall');
      expect(text).toContain('Where: Tartu Town Hall');
      expect(text).toContain(`When: ${when}`);
      expect(text).toContain('Price: €80.00');
      expect(text).toMatch(new RegExp(`https?://tartu\\.localhost(:\\d+)?/office/bookings/${booking.id}\\b`));
      // The booker is named on the request's page (where the look is logged), not in the mail.
      expect(text).not.toContain('Tamm');
    }
    // The link opens the request, for the official to decide.
    const page = await anna.browser.request(at('tartu', `/office/bookings/${booking.id}?lang=en`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Approve the request');
    // A booking that needs no approval tells no official.
    const free = JSON.parse((await book(jaan, classroomId, start, hours(start, 1))).body);
    expect(free.status).toBe('confirmed');
    expect(
      await db.query(`select 1 from outbox where recipient_kind = 'staff' and payload->>'reference' = $1`, [
        free.reference,
      ]),
    ).toEqual([]);
  });

  it('takes a request when no official who decides is active: nobody to e-mail, no error', async () => {
    const admins = `update staff_members set status = $1 where email in ('admin@tartu.example.eu', 'owner@tartu.example.eu')`;
    await db.query(admins, ['disabled']);
    try {
      const start = tuesdayAt(15, 5);
      const res = await book(mari, roomId, start, hours(start, 1));
      expect(res.status).toBe(201);
      const booking = JSON.parse(res.body);
      expect(booking.status).toBe('requested');
      expect(
        await db.query(`select 1 from outbox where event = 'booking.requested' and payload->>'reference' = $1`, [
          booking.reference,
        ]),
      ).toEqual([]);
      // It waits in the office all the same.
      expect((await hanna.browser.request(at('tartu', '/office/bookings?lang=en'))).body).toContain(booking.reference);
    } finally {
      await db.query(admins, ['active']);
    }
  });

  it("shows an institution's week of all its resources, and publishes their taken times as one iCalendar feed", async () => {
    const start = tuesdayAt(10, 4);
    const room = JSON.parse((await book(mari, roomId, start, hours(start, 1))).body);
    await approve(anna, room.id);
    const hall = JSON.parse((await book(jaan, hallId, hours(start, 2), hours(start, 3))).body);
    expect(hall.status).toBe('requested');
    const elsewhere = JSON.parse((await book(jaan, classroomId, start, hours(start, 1))).body);
    expect(elsewhere.status).toBe('confirmed');
    const refused = JSON.parse((await book(mari, roomId, hours(start, 4), hours(start, 5))).body);
    await reject(anna, refused.id, 'Closed');

    const day = wallTimeAt(start, TALLINN);
    const week = `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
    const visitor = new HttpBrowser();
    const page = await visitor.request(at('tartu', `/institutions/${townHallId}?week=${week}&lang=en`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Meeting room');
    expect(page.body).toContain('Hall');
    expect(page.body).not.toContain('Room 101');
    // The days headed as the region writes them: "Tuesday 12 January", not "Tuesday, 1/12".
    const tuesday = new Intl.DateTimeFormat('en-GB', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      timeZone: TALLINN,
    }).format(start);
    expect(page.body).toContain(`<th scope="col">${tuesday}</th>`);
    // Half-hour slots: the room's hour and the hall's, two each.
    expect(page.body.match(/class="slot-taken"/g)?.length).toBe(4);
    expect(page.body).not.toMatch(/Maasikas|Tamm|B-[A-Z0-9]{8}/);
    const estonian = await visitor.request(at('tartu', `/institutions/${townHallId}?week=${week}&lang=et`));
    expect(estonian.body).toContain('Nõupidamisruum');

    const feed = await localFetch(new Request(at('tartu', `/institutions/${townHallId}/calendar.ics?lang=en`)));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await feed.text();
    expect(text).not.toMatch(/Maasikas|Tamm|B-[A-Z0-9]{8}/);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const zone = calendar.getFirstSubcomponent('vtimezone');
    expect(zone?.getFirstPropertyValue('tzid')).toBe(TALLINN);
    ICAL.TimezoneService.register(zone!);
    const events = calendar
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .filter((e) => e.startDate.toJSDate().getTime() >= start.getTime() - 3_600_000)
      .filter((e) => e.startDate.toJSDate().getTime() < hours(start, 8).getTime())
      .sort((a, b) => a.startDate.compare(b.startDate));
    // The room (approved) and the hall (requested: its time is kept); not the rejected one, not Room 101.
    expect(events.map((e) => e.summary)).toEqual(['Booked: Meeting room', 'Booked: Hall']);
    expect(events[0].startDate.zone?.tzid).toBe(TALLINN);
    expect([events[0].startDate.hour, events[0].startDate.minute]).toEqual([10, 0]);
    expect(events[0].startDate.toJSDate().getTime()).toBe(start.getTime());
    expect(events[1].endDate.toJSDate().getTime()).toBe(hours(start, 3).getTime());
    expect(events[0].location).toBe('Meeting room, Tartu Town Hall');
    // Not the resource feed's UIDs, nor the booking's.
    const resourceFeed = await (await localFetch(new Request(at('tartu', `/resources/${roomId}/calendar.ics`)))).text();
    expect(resourceFeed).not.toContain(events[0].uid);
    expect(events[0].uid).not.toContain(room.id);

    // Another municipality has no such institution.
    expect((await visitor.request(at('espoo', `/institutions/${townHallId}`))).status).toBe(404);
    expect((await visitor.request(at('espoo', `/institutions/${townHallId}/calendar.ics`))).status).toBe(404);
    expect((await visitor.request(at('tartu', '/institutions/not-an-id'))).status).toBe(404);
  });
});
