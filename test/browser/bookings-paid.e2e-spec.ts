import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { addDays, isoWeekday, wallTimeAt } from '@townhall/bookings';
import { PaymentExpirySweeper } from '@townhall/payments';
import ICAL from 'ical.js';
import { seedTenants, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { type TestBrowser, checkPage as checkAccessible, openBrowser } from '../support/browser.js';
import { mailbox, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const weekdays = (hours: string) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [hours]]));

/**
 * The walk through, in a browser: Mari books the Hugo Treffner Gymnasium auditorium
 * for a Tuesday 18:00–20:00 (Saturday and 16:00 refused, naming the bookable hours), pays
 * 100 € on the sandbox gateway's page, gets the confirmation e-mail with the booking as an
 * .ics in the sandbox's mailbox, and the slot then shows as taken. She then cancels it while
 * the gateway fails refunds: "My bookings" says the refund is on its way, the payment's page
 * says "Being refunded" and why; once the payments sweep has made it, the page says "Refunded"
 * and she gets the e-mail. Each page passes axe-core.
 */
describe('booking a priced hall and paying for it, in a browser', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let browser: TestBrowser;
  let sandboxBase: string;
  let tartu: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    sandboxBase = started.base;
    const env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}` });
    process.env.TEST_BROWSER_BOOKINGS_TARTU_PAYMENTS_SECRET = 'sandbox-pay-secret-tartu';
    await seedTenants(env, [
      tenantSpec('tartu', {
        name: 'Tartu linn',
        locales: ['et', 'en'],
        defaultLocale: 'et',
        branding: { primaryColor: '#00558c', primaryTextColor: '#ffffff' },
        identityProvider: sandboxProviders(started.base, 'tartu'),
        payments: {
          methods: ['card', 'bank-link'],
          gateway: {
            url: `${started.base}/payments`,
            merchantId: 'tartu',
            secretRef: 'TEST_BROWSER_BOOKINGS_TARTU_PAYMENTS_SECRET',
          },
        },
        bookings: {
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
              ],
            },
          ],
        },
      } as never),
    ]);
    api = await startApi(env);
    worker = await startWorker(env);
    tartu = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
    delete process.env.TEST_BROWSER_BOOKINGS_TARTU_PAYMENTS_SECRET;
  });

  /** The date (YYYY-MM-DD) of the next given ISO weekday at least a week ahead, in Tallinn. */
  function nextWeekday(weekday: number): string {
    let day = addDays(wallTimeAt(new Date(), 'Europe/Tallinn'), 7);
    while (isoWeekday(day.year, day.month, day.day) !== weekday) day = addDays(day, 1);
    return `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
  }

  it('books the auditorium for Tuesday 18:00–20:00, pays 100 €, gets the .ics by e-mail, and the slot is taken', async () => {
    const { page } = browser;
    await page.goto(`${tartu}/institutions?lang=en`);
    await page.getByRole('link', { name: /Auditorium/ }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Auditorium');
    await expect(page.locator('main').textContent()).resolves.toContain('€50.00 an hour');
    await page.getByRole('link', { name: 'Subscribe to its calendar (iCalendar)' }).waitFor();
    await checkAccessible(page, 'paid-resource');

    await page.getByRole('link', { name: /log in/i }).click();
    await page.getByRole('link', { name: 'Log in with national eID' }).click();
    await page.waitForURL(/\/eid\/interaction\//);
    await page.getByLabel(/Mari Maasikas/).check();
    await page.getByLabel('substantial', { exact: true }).check();
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(/\/resources\//);
    const hall = page.url().split('?')[0];

    // Mari wants her messages by e-mail.
    await page.goto(`${tartu}/me/contact?lang=en`);
    await page.getByLabel('E-mail address').fill('mari@example.ee');
    await page.getByLabel('by e-mail').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();

    const tuesday = nextWeekday(2);
    const bookAt = async (day: string, from: string, to: string) => {
      await page.getByLabel('Day').fill(day);
      await page.getByLabel('From').fill(from);
      await page.getByLabel('Until').fill(to);
      await page.getByRole('button', { name: 'Book', exact: true }).click();
    };
    await page.goto(`${hall}?lang=en`);
    // Saturday, and 16:00, are refused with the bookable hours named; nothing is held.
    await bookAt(nextWeekday(6), '18:00', '20:00');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Monday to Friday 17:00–21:00');
    await checkAccessible(page, 'paid-refused-saturday');
    await bookAt(tuesday, '16:00', '18:00');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Monday to Friday 17:00–21:00');
    expect(await db.query(`select 1 from bookings`)).toHaveLength(0);

    // Tuesday 18:00–20:00: held, and on to paying 100 € (2 h × 50 €, computed on the server).
    await bookAt(tuesday, '18:00', '20:00');
    await page.waitForURL(/\/payments\/[0-9a-f-]{36}$/);
    await page.getByRole('cell', { name: '€100.00' }).first().waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain('Auditorium');
    await checkAccessible(page, 'paid-payment');
    await page.getByLabel('Card').check();
    await page.getByRole('button', { name: 'Pay €100.00' }).click();
    await page.waitForURL(/\/payments\/pay\/ses_/);
    await checkAccessible(page, 'paid-gateway');
    await page.getByRole('button', { name: 'Pay €100.00' }).click();
    await page.waitForURL(/\/payments\/[0-9a-f-]{36}\?returned=paid/);
    for (let i = 0; i < 50; i++) {
      if (await page.getByRole('heading', { name: 'Paid', exact: true }).count()) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
      await page.getByRole('link', { name: 'Check again' }).click();
    }
    await page.getByRole('heading', { name: 'Paid', exact: true }).waitFor();
    await checkAccessible(page, 'paid-paid');

    // On to "My bookings": confirmed, with the booking as a calendar file.
    await page.getByRole('link', { name: /continue/i }).click();
    await page.waitForURL(/\/me\/bookings/);
    const [booking] = await db.query<{ id: string; status: string; reference: string }>(
      `select id, status, reference from bookings`,
    );
    expect(booking.status).toBe('confirmed');
    await expect(page.locator('main').textContent()).resolves.toContain('confirmed');
    const ics = page.getByRole('link', { name: `Add to calendar (.ics): booking ${booking.reference}` });
    await expect(ics.getAttribute('href')).resolves.toBe(`/me/bookings/${booking.id}/booking.ics`);
    await checkAccessible(page, 'paid-my-bookings');

    // The confirmation e-mail (in Tartu's language, Estonian), with the booking attached as iCalendar.
    const [confirmation] = await mailbox(sandboxBase).waitFor(
      { to: 'mari@example.ee', subject: 'Broneering kinnitatud' },
      1,
      20_000,
    );
    const attachment = confirmation.attachments.find((a) => a.filename === `booking-${booking.reference}.ics`);
    expect(confirmation.subject).toContain('Aula');
    expect(attachment?.contentType).toMatch(/^text\/calendar/);
    const file = await (
      await fetch(`${sandboxBase}/mail/v1/messages/${confirmation.id}/attachments/${attachment!.index}`)
    ).text();
    const calendar = new ICAL.Component(ICAL.parse(file));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.startDate.zone?.tzid).toBe('Europe/Tallinn');
    expect(event.startDate.toString()).toBe(`${tuesday}T18:00:00`);
    expect(event.endDate.toString()).toBe(`${tuesday}T20:00:00`);

    // The week of that Tuesday shows 18:00–20:00 taken: four half-hour slots.
    await page.goto(`${hall}?week=${tuesday}&lang=en`);
    await expect(page.locator('td.slot-taken').count()).resolves.toBe(4);
    await checkAccessible(page, 'paid-resource-taken');
  });

  it('cancels the paid booking: the refund is on its way while the gateway fails, then made by the sweep', async () => {
    const { page } = browser;
    const [booking] = await db.query<{ id: string; reference: string }>(
      `select id, reference from bookings where status = 'confirmed'`,
    );
    const [{ id: paymentId }] = await db.query<{ id: string }>(`select id from payments where purpose_id = $1`, [
      booking.id,
    ]);
    const refundFaults = (fail: number) =>
      fetch(`${sandboxBase}/payments/v1/merchants/tartu/refund-faults`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ fail }),
      });
    await refundFaults(50);
    try {
      await page.goto(`${tartu}/me/bookings?lang=en`);
      await page.getByRole('button', { name: `Cancel booking ${booking.reference}` }).click();
      await page.waitForURL(/\/me\/bookings\?cancelled=/);
      // Cancelled at once; the gateway's failure only delays the money.
      await expect(page.getByRole('status').textContent()).resolves.toContain(
        `Booking ${booking.reference} is cancelled. The refund of €100.00 is on its way`,
      );
      await checkAccessible(page, 'paid-cancelled-refund-due');

      await page.goto(`${tartu}/payments/${paymentId}?lang=en`);
      await page.getByRole('heading', { name: 'Being refunded', exact: true }).waitFor();
      await expect(page.locator('main').textContent()).resolves.toContain('You cancelled the booking.');
      await checkAccessible(page, 'paid-payment-refund-due');
    } finally {
      await refundFaults(0);
    }

    // The payments sweep makes the refund; the page then says it is made, and Mari gets the e-mail.
    await worker.get(PaymentExpirySweeper).sweep();
    const [payment] = await db.query<{ status: string; refund_reason: string }>(
      `select status, refund_reason from payments where id = $1`,
      [paymentId],
    );
    expect(payment).toEqual({ status: 'refunded', refund_reason: 'booking-cancelled' });
    await page.goto(`${tartu}/payments/${paymentId}?lang=en`);
    await page.getByRole('heading', { name: 'Refunded', exact: true }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain('You cancelled the booking.');
    await checkAccessible(page, 'paid-payment-refunded');
    const [refunded] = await mailbox(sandboxBase).waitFor(
      { to: 'mari@example.ee', subject: 'Makse tagastatud' },
      1,
      20_000,
    );
    expect(refunded.subject).toMatch(/100,00\s?€/);
  });
});
