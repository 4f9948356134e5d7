import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { checkPage as checkAccessible, logInToOffice, openBrowser, type TestBrowser } from '../support/browser.js';
import { sandboxProviders, startSandbox } from '../support/sandbox.js';
import { samplePdf } from '../support/sample-files.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * A municipal admin manages bookable resources in the office, in Chromium: adds an
 * institution and a resource, is told which field is wrong (bad hours, durations), adds a
 * photo with its text alternative (a disguised file refused), and the resource's public page
 * shows it. axe finds nothing on each page, at a desktop and a phone width.
 */
describe('managing bookable resources in the office pages', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let browser: TestBrowser;
  let tartu: string;
  let pngPath: string;
  let fakePath: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        name: 'Tartu linn',
        branding: { primaryColor: '#00558c', primaryTextColor: '#ffffff' },
        identityProvider: sandboxProviders(started.base),
        staff: [{ email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' }],
        bookings: {
          institutions: [
            {
              code: 'raekoda',
              name: { en: 'Town Hall' },
              address: 'Raekoja plats 1, Tartu',
              resources: [
                {
                  code: 'raekoda-meeting-room',
                  kind: 'room',
                  name: { en: 'Meeting room' },
                  bookableHours: { monday: ['09:00-17:00'] },
                  minMinutes: 60,
                  maxMinutes: 120,
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
    pngPath = path.join(os.tmpdir(), `gym-${process.pid}.png`);
    fakePath = path.join(os.tmpdir(), `gym-${process.pid}.jpg`);
    await writeFile(pngPath, PNG);
    await writeFile(fakePath, samplePdf());
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  const checkPage = (name: string) => checkAccessible(browser.page, name);

  it('adds an institution and a resource, names the wrong fields, and shows its photo on the public page', async () => {
    const { page } = browser;
    await logInToOffice(page, tartu, /Anna Admin \(tartu\)/, '/office/resources');
    await expect(page.locator('main').textContent()).resolves.toContain('Meeting room');
    await checkPage('office-resources');

    await page.getByRole('link', { name: 'Add an institution' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('address must be 1 to 200 characters');
    await checkPage('office-institution-refused');
    await page.getByLabel('Name (en)').fill('Annelinn sports centre');
    await page.getByLabel('Address').fill('Kaunase pst 40, Tartu');
    await page.getByLabel('E-mail').fill('sport@tartu.example.eu');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/office\/institutions\/[0-9a-f-]{36}\?saved=1$/);
    await checkPage('office-institution-saved');

    await page.getByRole('link', { name: 'Add a resource' }).click();
    await page.getByLabel('Kind').selectOption('sports');
    await page.getByLabel('Name (en)').fill('Small gym');
    await page.getByLabel('Price per hour (EUR)').fill('12.50');
    await page.getByLabel('Monday').fill('21:00-17:00');
    await page.getByLabel('Tuesday').fill('17:00-21:00');
    await page.getByLabel('Shortest booking (minutes)').fill('120');
    await page.getByLabel('Longest booking (minutes)').fill('60');
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toContain('bookableHours.monday: "21:00-17:00" is not a time of day like 17:00-21:00');
    expect(alert).toContain('maxMinutes must not be less than minMinutes');
    await expect(page.locator('#hours-monday').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByRole('link', { name: /bookableHours\.monday/ }).getAttribute('href')).resolves.toBe(
      '#hours-monday',
    );
    await expect(page.getByLabel('Name (en)').inputValue()).resolves.toBe('Small gym');
    await checkPage('office-resource-refused');

    await page.getByLabel('Monday').fill('17:00-21:00');
    await page.getByLabel('Longest booking (minutes)').fill('180');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/office\/resources\/[0-9a-f-]{36}\?saved=1$/);
    const resourceId = /resources\/([0-9a-f-]{36})/.exec(page.url())![1];
    await checkPage('office-resource-saved');

    // A PDF named .jpg is refused, naming what it is; a PNG with its text alternative is taken.
    await page.getByLabel('Photo', { exact: true }).setInputFiles(fakePath);
    await page.getByLabel('Text alternative (en)').fill('The gym');
    await page.getByRole('button', { name: 'Add the photo' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('but its content is a PDF document');
    await checkPage('office-resource-photo-refused');
    await page.getByLabel('Photo', { exact: true }).setInputFiles(pngPath);
    await page.getByLabel('Text alternative (en)').fill('The gym with its basketball hoops');
    await page.getByRole('button', { name: 'Add the photo' }).click();
    await page.waitForURL(/\?photo=added#photos$/);
    await expect(page.getByRole('img', { name: 'The gym with its basketball hoops' }).count()).resolves.toBe(1);
    await checkPage('office-resource-photo');

    await page.goto(`${tartu}/resources/${resourceId}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Small gym');
    const img = page.getByRole('img', { name: 'The gym with its basketball hoops' });
    await expect(
      img.evaluate((el) => {
        const image = el as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth;
      }),
    ).resolves.toBe(1);
    await checkPage('resource-with-photo');

    // The file's resource is shown, not editable.
    await page.goto(`${tartu}/office/resources`);
    await page.getByRole('link', { name: 'Meeting room' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Set in the tenant file');
    await expect(page.getByRole('button', { name: 'Save' }).count()).resolves.toBe(0);
    await checkPage('office-resource-from-file');
  });
});
