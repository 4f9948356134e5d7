import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { HoldSweeper, instantOf, isoWeekday, addDays, wallTimeAt } from '@townhall/bookings';
import { seedTenants, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TALLINN = 'Europe/Tallinn';
const weekdays = (hours: string) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [hours]]));

/** Tartu's auditorium and a free room, as a tenant file gives them. */
const tartuBookings = {
  institutions: [
    {
      code: 'treffner',
      name: { et: 'Hugo Treffneri Gümnaasium', en: 'Hugo Treffner Gymnasium' },
      address: 'Munga 12, 51007 Tartu',
      contacts: { email: 'info@htg.tartu.ee', phone: '+372 744 7140' },
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
        },
        {
          code: 'treffner-room-101',
          kind: 'room',
          name: { en: 'Room 101' },
          capacity: 30,
          bookableHours: weekdays('17:00-21:00'),
          minMinutes: 60,
          maxMinutes: 180,
          cancellationNoticeMinutes: 1440,
        },
      ],
    },
  ],
};

/** A Tuesday at least a week ahead, at a local time of day in Tallinn. */
function tuesdayAt(hour: number, weeksAhead = 1): Date {
  const now = wallTimeAt(new Date(), TALLINN);
  let day = addDays(now, 7 * weeksAhead);
  while (isoWeekday(day.year, day.month, day.day) !== 2) day = addDays(day, 1);
  return instantOf({ ...day, hour, minute: 0 }, TALLINN);
}
const hours = (date: Date, h: number) => new Date(date.getTime() + h * 3_600_000);

/**
 * Bookings end to end: no double booking under 200 simultaneous requests (the database's
 * exclusion constraint decides, answered 409 "slot taken"), the bookable hours in the
 * municipality's time zone, holds that expire, and one municipality's resources invisible to another.
 */
describe('bookings: rooms and halls that cannot be double-booked', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let tartu: string;
  let espoo: string;
  let mari: HttpBrowser;
  let csrf: string;
  let auditoriumId: string;
  let roomId: string;

  const json = { Accept: 'application/json' };

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db);
    // A priced booking opens its payment: Tartu takes payments through the sandbox's gateway.
    process.env.TEST_BOOKINGS_TARTU_PAYMENTS_SECRET = 'sandbox-pay-secret-tartu';
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        bookings: tartuBookings,
        payments: {
          methods: ['card'],
          gateway: {
            url: `${started.base}/payments`,
            merchantId: 'tartu',
            secretRef: 'TEST_BOOKINGS_TARTU_PAYMENTS_SECRET',
          },
        },
      } as never),
      tenantSpec('espoo', { identityProvider: sandboxProviders(started.base, 'espoo') } as never),
    ]);
    api = await startApi(env);
    const port = (api.getHttpServer().address() as AddressInfo).port;
    tartu = `http://tartu.localhost:${port}`;
    espoo = `http://espoo.localhost:${port}`;
    worker = await startWorker(env);
    mari = new HttpBrowser();
    const login = await pickPersona(mari, `${tartu}/auth/login`, { persona: 'mari-maasikas', level: 'substantial' });
    await mari.request(login.callback);
    const list = JSON.parse((await mari.request(`${tartu}/api/v1/resources`, { headers: json })).body) as {
      resources: { id: string; name: { en: string } }[];
    };
    auditoriumId = list.resources.find((r) => r.name.en === 'Auditorium')!.id;
    roomId = list.resources.find((r) => r.name.en === 'Room 101')!.id;
    csrf = hiddenField((await mari.request(`${tartu}/resources/${auditoriumId}`)).body, '_csrf')!;
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
    delete process.env.TEST_BOOKINGS_TARTU_PAYMENTS_SECRET;
  });

  const book = (resourceId: string, start: Date, end: Date, origin = tartu, browser = mari, token = csrf) =>
    browser.request(`${origin}/api/v1/bookings`, {
      method: 'POST',
      json: { resourceId, start: start.toISOString(), end: end.toISOString() },
      headers: { ...json, 'X-CSRF-Token': token },
    });

  it('lists the seeded resources with their rules', async () => {
    const res = await mari.request(`${tartu}/api/v1/resources`, { headers: json });
    const body = JSON.parse(res.body);
    const auditorium = body.resources.find((r: { id: string }) => r.id === auditoriumId);
    expect(auditorium).toMatchObject({
      capacity: 100,
      areaM2: 212,
      pricePerHour: 5000,
      currency: 'EUR',
      bookableHoursText: 'Monday to Friday 17:00–21:00',
    });
    expect(body.timeZone).toBe(TALLINN);
  });

  it('gives exactly one of 200 simultaneous requests for a slot; the 199 others hear "slot taken"', async () => {
    const start = tuesdayAt(18);
    const answers = await Promise.all(Array.from({ length: 200 }, () => book(auditoriumId, start, hours(start, 2))));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
    const refused = answers.find((a) => a.status === 409)!;
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'bookings.slot_taken' });
    expect(refused.body).toContain('Slot taken');
    const won = JSON.parse(answers.find((a) => a.status === 201)!.body);
    // Priced: held for payment, 2 h × 50 € = 100 €, with its one payment opened.
    expect(won).toMatchObject({ status: 'held', price: 10000, currency: 'EUR' });
    expect(won.payment).toMatchObject({ amount: 10000, currency: 'EUR', url: `/payments/${won.payment.id}` });
    expect(await db.query(`select 1 from payments where purpose_id = $1`, [won.id])).toHaveLength(1);
    expect(new Date(won.heldUntil).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const rows = await db.query(`select 1 from bookings where resource_id = $1`, [auditoriumId]);
    expect(rows).toHaveLength(1);
    // An overlapping time is taken too; the adjoining hour is not.
    expect((await book(auditoriumId, hours(start, 1), hours(start, 3))).status).toBe(409);
    expect((await book(auditoriumId, hours(start, 2), hours(start, 3))).status).toBe(201);
  });

  it('refuses Saturday and 16:00, naming the bookable hours', async () => {
    const tuesday = tuesdayAt(16, 2);
    const early = await book(auditoriumId, tuesday, hours(tuesday, 2));
    expect(early.status).toBe(422);
    expect(early.body).toContain('bookable Monday to Friday 17:00–21:00');
    const saturday = hours(tuesdayAt(18, 2), 4 * 24);
    const weekend = await book(auditoriumId, saturday, hours(saturday, 2));
    expect(weekend.status).toBe(422);
    expect(weekend.body).toContain('bookable Monday to Friday 17:00–21:00');
    const tooShort = await book(auditoriumId, tuesdayAt(18, 2), hours(tuesdayAt(18, 2), 0.5));
    expect(tooShort.status).toBe(422);
    expect(tooShort.body).toContain('at least 1 h');
    const bad = await mari.request(`${tartu}/api/v1/bookings`, {
      method: 'POST',
      json: { resourceId: auditoriumId, start: 'tomorrow', end: 'later' },
      headers: { ...json, 'X-CSRF-Token': csrf },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('start must be a date and time in whole minutes with its offset');
    // Slots are whole minutes (half a minute would take the next slot too), and days are the calendar's.
    for (const [start, end, says] of [
      ['2031-03-04T18:00:30+02:00', '2031-03-04T20:00:30+02:00', 'start must be a date and time in whole minutes'],
      ['2031-02-30T18:00:00+02:00', '2031-02-30T20:00:00+02:00', 'start must be a day of the calendar'],
    ]) {
      const refused = await mari.request(`${tartu}/api/v1/bookings`, {
        method: 'POST',
        json: { resourceId: auditoriumId, start, end },
        headers: { ...json, 'X-CSRF-Token': csrf },
      });
      expect({ start, status: refused.status }).toEqual({ start, status: 400 });
      expect(refused.body).toContain(says);
    }
    expect(await db.query(`select 1 from bookings where lower(during) = $1`, [tuesdayAt(16, 2)])).toHaveLength(0);
  });

  it('shows taken slots in the week’s availability, in local time', async () => {
    const start = tuesdayAt(18);
    const local = wallTimeAt(start, TALLINN);
    const date = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
    const res = await mari.request(
      `${tartu}/api/v1/resources/${auditoriumId}/availability?from=${date}&to=${addDaysText(date, 1)}`,
      { headers: json },
    );
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { days: { date: string; slots: { time: string; state: string }[] }[] };
    expect(body.days).toHaveLength(1);
    const states = Object.fromEntries(body.days[0].slots.map((s) => [s.time, s.state]));
    expect(states).toEqual({
      '17:00': 'free',
      '17:30': 'free',
      '18:00': 'taken',
      '18:30': 'taken',
      '19:00': 'taken',
      '19:30': 'taken',
      '20:00': 'taken',
      '20:30': 'taken',
    });
    const page = await mari.request(`${tartu}/resources/${auditoriumId}?week=${date}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<table class="availability">');
  });

  it('frees the slot of a hold not paid in time', async () => {
    const start = tuesdayAt(17, 3);
    const first = await book(auditoriumId, start, hours(start, 1));
    expect(first.status).toBe(201);
    expect((await book(auditoriumId, start, hours(start, 1))).status).toBe(409);
    await db.query(`update bookings set held_until = now() - interval '1 second' where id = $1`, [
      JSON.parse(first.body).id,
    ]);
    // The worker's sweep releases it…
    expect(await worker.get(HoldSweeper).sweep()).toBeGreaterThanOrEqual(1);
    const [row] = await db.query<{ status: string }>(`select status from bookings where id = $1`, [
      JSON.parse(first.body).id,
    ]);
    expect(row.status).toBe('expired');
    // …and the slot can be booked again.
    expect((await book(auditoriumId, start, hours(start, 1))).status).toBe(201);
  });

  it('confirms a free booking and lets it be cancelled under the resource’s notice', async () => {
    const start = tuesdayAt(19);
    const res = await book(roomId, start, hours(start, 1));
    expect(res.status).toBe(201);
    const booking = JSON.parse(res.body);
    expect(booking).toMatchObject({ status: 'confirmed', price: 0 });
    const cancelled = await mari.request(`${tartu}/api/v1/bookings/${booking.id}/cancel`, {
      method: 'POST',
      headers: { ...json, 'X-CSRF-Token': csrf },
    });
    expect(cancelled.status).toBe(200);
    expect(JSON.parse(cancelled.body).status).toBe('cancelled');
    expect((await book(roomId, start, hours(start, 1))).status).toBe(201);
  });

  it('keeps one municipality’s resources out of another’s reach', async () => {
    expect(
      (await mari.request(`${espoo}/api/v1/resources/${auditoriumId}/availability`, { headers: json })).status,
    ).toBe(404);
    const list = JSON.parse((await mari.request(`${espoo}/api/v1/resources`, { headers: json })).body);
    expect(list.resources).toEqual([]);
    expect((await mari.request(`${espoo}/resources/${auditoriumId}`)).status).toBe(404);
    const ville = new HttpBrowser();
    const login = await pickPersona(ville, `${espoo}/auth/login`, { persona: 'mari-maasikas', level: 'substantial' });
    await ville.request(login.callback);
    const token = hiddenField((await ville.request(`${espoo}/me/contact`)).body, '_csrf')!;
    const start = tuesdayAt(20, 4);
    const res = await book(auditoriumId, start, hours(start, 1), espoo, ville, token);
    expect(res.status).toBe(404);
    expect(await db.query(`select 1 from bookings where lower(during) = $1`, [start])).toHaveLength(0);
  });
});

function addDaysText(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
