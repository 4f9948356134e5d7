import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { checkPage as checkAccessible, openBrowser, type TestBrowser } from '../support/browser.js';
import { sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A citizen's login and logout in Debian's Chromium, as a person does it: the portal's
 * login page, the provider's page, their own page, logging out at both ends. Every page of
 * ours on the way passes axe-core (WCAG 2.1 A and AA), at a desktop and a phone width.
 */
describe('login pages in a browser', () => {
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
        branding: { primaryColor: '#00558c', primaryTextColor: '#ffffff' },
        identityProvider: sandboxProviders(started.base),
        staff: [
          { email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' },
          { email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' },
        ],
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

  /** axe-core finds nothing, at 1280 and at 320 pixels wide; a screenshot of each is kept. */
  const checkPage = (name: string) => checkAccessible(browser.page, name);

  it('takes a citizen from the login page through the eID provider to their page, and out', async () => {
    const { page } = browser;
    await page.goto(`${tartu}/my`);
    // Not logged in: the login page, in the municipality's colours.
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('h1').textContent()).resolves.toBe('Log in');
    // Runs in the page: no closure over test code.
    const background = (el: unknown) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el)
        .backgroundColor;
    await expect(page.locator('header').evaluate(background)).resolves.toBe('rgb(0, 85, 140)');
    await checkPage('portal-login');

    await page.getByRole('link', { name: 'Log in with national eID' }).click();
    await page.waitForURL(/\/eid\/interaction\//);
    await page.getByLabel(/Mari Maasikas/).check();
    await page.getByLabel('high', { exact: true }).check();
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${tartu}/my`);
    await expect(page.locator('main').textContent()).resolves.toContain('Mari Maasikas');
    await checkPage('portal-my-page');

    await page.getByRole('button', { name: 'Log out' }).click();
    // Our page sends the browser on to the provider, which asks to confirm its own logout,
    // and then back to our login page.
    await page.waitForURL(/\/eid\/session\/end/);
    await page.getByRole('button', { name: /yes/i }).click();
    await page.waitForURL(`${tartu}/login?ended=logged-out`);
    await expect(page.locator('.notice').textContent()).resolves.toContain('You have logged out.');
    await checkPage('portal-login-after-logout');
    await page.goto(`${tartu}/my`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('takes an admin through the office login to the staff page, and changes a role there', async () => {
    const { page } = browser;
    await page.goto(`${tartu}/office`);
    expect(new URL(page.url()).pathname).toBe('/office/login');
    await checkPage('office-login');
    await page.getByRole('link', { name: 'Log in with your work account' }).click();
    await page.waitForURL(/\/staff\/interaction\//);
    await page.getByLabel(/Anna Admin \(tartu\)/).check();
    await page.getByLabel('substantial', { exact: true }).check();
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${tartu}/office`);
    await checkPage('office-home');
    await page.goto(`${tartu}/office/staff`);
    await checkPage('office-staff');
    await page.getByText('Change Hanna Handler').click();
    await page.locator('tr', { hasText: 'Hanna Handler' }).getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Save Hanna Handler' }).click();
    await page.waitForURL(`${tartu}/office/staff`);
    await expect(page.locator('tr', { hasText: 'Hanna Handler' }).locator('td').nth(2).textContent()).resolves.toBe(
      'Viewer',
    );

    // The language switcher offers the municipality's languages; the choice is remembered.
    await page.getByRole('link', { name: 'Eesti' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('et');
    await expect(page.locator('h1').textContent()).resolves.toBe('Töötajad');
    await checkPage('office-staff-et');
    await page.goto(`${tartu}/office`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Töölaud');
    await expect(page.getByRole('button', { name: 'Logi välja' }).count()).resolves.toBe(1);
  });

  it('shows error pages in the layout: an unknown address, a missing page', async () => {
    const { page } = browser;
    const port = new URL(tartu).port;
    const unknown = await page.goto(`http://nowhere.localhost:${port}/`);
    expect(unknown?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('No municipality here');
    await checkPage('error-unknown-host');
    const missing = await page.goto(`${tartu}/no-such-page?lang=en`);
    expect(missing?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await expect(page.locator('header .name').textContent()).resolves.toContain('Tartu linn');
    await checkPage('error-not-found');
  });
});
