import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { addDays, isoWeekday, wallTimeAt } from '@townhall/bookings';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { type TestBrowser, checkPage as checkAccessible, openBrowser } from '../support/browser.js';
import { sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const weekdays = (hours: string) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [hours]]));

/**
 * Booking a room in a browser: the institutions, a room's week in the municipality's time zone,
 * the booking form (a day outside the bookable hours refused, naming them), the booking in "My
 * bookings" and the slot then taken. Every page passes axe-core at desktop and phone widths.
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
});
