import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { addDays, isoWeekday, wallTimeAt } from '@townhall/bookings';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { type TestBrowser, checkPage as checkAccessible, logInToOffice, openBrowser } from '../support/browser.js';
import { sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const weekdays = (hours: string) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [hours]]));

/**
 * Booking a room in a browser: the institutions, a room's week in the municipality's time zone,
 * the booking form (a day outside the bookable hours refused, naming them), the booking in "My
 * bookings" and the slot then taken; a room that needs approval requested, approved in the
 * office (a rejection without a reason refused), and the institution's week showing it taken.
 * Every page passes axe-core at desktop and phone widths.
 */
describe('booking pages in a browser', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let browser: TestBrowser;
  let tartu: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        name: 'Tartu linn',
        locales: ['et', 'en'],
        defaultLocale: 'et',
        branding: { primaryColor: '#00558c', primaryTextColor: '#ffffff' },
        identityProvider: sandboxProviders(started.base, 'tartu'),
        staff: [{ email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' }],
        bookings: {
          institutions: [
            {
              code: 'treffner',
              name: { et: 'Hugo Treffneri Gümnaasium', en: 'Hugo Treffner Gymnasium' },
              address: 'Munga 12, 51007 Tartu',
              contacts: { email: 'info@htg.tartu.ee' },
              resources: [
                {
                  code: 'treffner-room-101',
                  kind: 'room',
                  name: { et: 'Klass 101', en: 'Room 101' },
                  capacity: 30,
                  bookableHours: weekdays('17:00-21:00'),
                  minMinutes: 60,
                  maxMinutes: 180,
                },
                {
                  code: 'treffner-meeting-room',
                  kind: 'room',
                  name: { et: 'Nõupidamisruum', en: 'Meeting room' },
                  bookableHours: weekdays('17:00-21:00'),
                  minMinutes: 60,
                  maxMinutes: 120,
                  needsApproval: true,
                },
              ],
            },
          ],
        },
      } as never),
    ]);
    api = await startApi(env);
    tartu = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  /** The date (YYYY-MM-DD) of the next given ISO weekday at least a week ahead, in Tallinn. */
  function nextWeekday(weekday: number): string {
    let day = addDays(wallTimeAt(new Date(), 'Europe/Tallinn'), 7);
    while (isoWeekday(day.year, day.month, day.day) !== weekday) day = addDays(day, 1);
    return `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
  }

  it('lets a citizen find a room, see its week, book it and see the slot taken', async () => {
    const { page } = browser;
    await page.goto(`${tartu}/institutions?lang=en`);
    await expect(page.locator('h1').textContent()).resolves.toBeTruthy();
    await checkAccessible(page, 'bookings-institutions');
    await page.getByRole('link', { name: /Room 101/ }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Room 101');
    await expect(page.locator('main').textContent()).resolves.toContain('Monday to Friday 17:00–21:00');
    await checkAccessible(page, 'bookings-resource');

    // Log in from the room's page and come back to it.
    await page.getByRole('link', { name: /log in/i }).click();
    await page.waitForURL(/\/login\?/);
    await page.getByRole('link', { name: 'Log in with national eID' }).click();
    await page.waitForURL(/\/eid\/interaction\//);
    await page.getByLabel(/Mari Maasikas/).check();
    await page.getByLabel('substantial', { exact: true }).check();
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(/\/resources\//);
    const room = page.url().split('?')[0];
    await page.goto(`${room}?lang=en`);

    // A Saturday is refused, naming the hours; nothing is booked.
    await page.getByLabel('Day').fill(nextWeekday(6));
    await page.getByLabel('From').fill('18:00');
    await page.getByLabel('Until').fill('20:00');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Monday to Friday 17:00–21:00');
    await checkAccessible(page, 'bookings-resource-refused');
    expect(await db.query(`select 1 from bookings`)).toHaveLength(0);

    // A Tuesday evening is free: booked and confirmed at once (the room is free of charge).
    const tuesday = nextWeekday(2);
    await page.getByLabel('Day').fill(tuesday);
    await page.getByLabel('From').fill('18:00');
    await page.getByLabel('Until').fill('20:00');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.waitForURL(/\/me\/bookings/);
    await expect(page.locator('main').textContent()).resolves.toContain('Room 101');
    await checkAccessible(page, 'bookings-mine');
    const [booking] = await db.query<{ status: string }>(`select status from bookings`);
    expect(booking.status).toBe('confirmed');

    // The week of that Tuesday shows the two hours taken.
    await page.goto(`${room}?week=${tuesday}&lang=en`);
    const taken = await page.locator('td.slot-taken').count();
    expect(taken).toBeGreaterThan(0);
    await checkAccessible(page, 'bookings-resource-taken');
  });

  it('requests a room that needs approval, has it approved in the office, and shows it on the institution’s week', async () => {
    const { page } = browser;
    // Mari (logged in above) asks for the meeting room on a Wednesday evening.
    await page.goto(`${tartu}/institutions?lang=en`);
    await page.getByRole('link', { name: 'Meeting room' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('An official confirms the booking.');
    const wednesday = nextWeekday(3);
    await page.getByLabel('Day').fill(wednesday);
    await page.getByLabel('From').fill('18:00');
    await page.getByLabel('Until').fill('19:00');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.waitForURL(/\/me\/bookings/);
    await expect(page.locator('main').textContent()).resolves.toContain('waiting for approval');
    await checkAccessible(page, 'bookings-mine-requested');
    const [request] = await db.query<{ id: string; reference: string }>(
      `select id, reference from bookings where status = 'requested'`,
    );

    // An official of the office sees it waiting, opens it, and must give a reason to reject.
    await logInToOffice(page, tartu, /Anna Admin \(tartu\)/, '/office/bookings');
    await page.goto(`${tartu}/office/bookings?lang=en`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Booking requests');
    await checkAccessible(page, 'office-booking-requests');
    await page.getByRole('link', { name: `Open booking request ${request.reference}` }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Mari Maasikas');
    await checkAccessible(page, 'office-booking');
    await page.getByRole('button', { name: 'Reject the request' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('reason: say why');
    await expect(page.locator('#reason').getAttribute('aria-invalid')).resolves.toBe('true');
    await checkAccessible(page, 'office-booking-reason-missing');
    await page.getByRole('button', { name: 'Approve the request' }).click();
    await page.waitForURL(/\/office\/bookings\?decided=approved/);
    await expect(page.locator('main').textContent()).resolves.toContain(`Booking ${request.reference} is approved`);
    await checkAccessible(page, 'office-booking-requests-decided');
    const [decided] = await db.query<{ status: string; decided_by: string | null }>(
      `select status, decided_by from bookings where id = $1`,
      [request.id],
    );
    expect(decided.status).toBe('confirmed');
    expect(decided.decided_by).not.toBeNull();

    // The institution's week: every room, the meeting room's hour taken, the days as the region writes them.
    await page.goto(`${tartu}/institutions?lang=en`);
    await page.getByRole('link', { name: /Hugo Treffner Gymnasium: what is free/ }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Hugo Treffner Gymnasium');
    await page.goto(`${page.url().split('?')[0]}?week=${wednesday}&lang=en`);
    const meeting = page.getByRole('region', { name: 'Meeting room' });
    await expect(meeting.locator('td.slot-taken').count()).resolves.toBe(2);
    const heads = await meeting.locator('thead th').allTextContents();
    expect(heads.slice(1)).toHaveLength(7);
    for (const head of heads.slice(1)) expect(head).toMatch(/^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+$/);
    await expect(page.getByRole('region', { name: 'Room 101' }).count()).resolves.toBe(1);
    await checkAccessible(page, 'bookings-institution');
  });
});
