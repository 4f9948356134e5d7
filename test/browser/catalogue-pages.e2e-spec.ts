import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { type TestBrowser, checkPage as checkAccessible, openBrowser } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The portal's public pages for two municipalities with their own colours and languages:
 * the catalogue by category, the search (without JavaScript), a service page; every page
 * passes axe-core at desktop and phone widths, with screenshots kept.
 */
describe('catalogue pages in a browser', () => {
  let db: TestDatabase;
  let api: INestApplication;
  /** For axe-core, which runs as a script in the page. */
  let browser: TestBrowser;
  /** A visitor without JavaScript: every page must work for them. */
  let noScript: TestBrowser;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        name: 'Tartu linn',
        locales: ['et', 'en'],
        defaultLocale: 'et',
        branding: { primaryColor: '#00558c', primaryTextColor: '#ffffff' },
        services: [
          // Tartu asks for a stronger login than the template does.
          { template: 'felling-permit', customisation: { assuranceLevel: 'high' } },
          { template: 'project-grant' },
        ],
      } as never),
      tenantSpec('espoo', {
        name: 'Espoon kaupunki',
        locales: ['fi', 'sv', 'en'],
        defaultLocale: 'fi',
        timeZone: 'Europe/Helsinki',
        branding: { primaryColor: '#ffdd00', primaryTextColor: '#0b0c0c' },
        services: [{ template: 'residential-parking-permit' }],
      } as never),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    browser = await openBrowser();
    noScript = await openBrowser({ javaScript: false });
  });

  afterAll(async () => {
    await browser?.close();
    await noScript?.close();
    await api?.close();
    await db?.drop();
  });

  /** The page the visitor without JavaScript is on, checked by axe-core in a browser with it. */
  async function checkPage(name: string): Promise<void> {
    const { page } = browser;
    await page.setExtraHTTPHeaders(headers);
    await page.goto(noScript.page.url());
    await checkAccessible(page, name);
  }

  let headers: Record<string, string> = {};

  it("shows Tartu's catalogue by category in Estonian, finds a service without JavaScript and opens it", async () => {
    const { page } = noScript;
    // A browser set to Estonian.
    headers = { 'Accept-Language': 'et-EE,et;q=0.9' };
    await page.setExtraHTTPHeaders(headers);
    await page.goto(`http://tartu.localhost:${port}/`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('et');
    await expect(page.locator('h1').textContent()).resolves.toBe('Tartu linn e-teenused');
    await expect(page.locator('h2').allTextContents()).resolves.toEqual(['Keskkond', 'Toetused']);
    await checkPage('tartu-home');

    await page.getByLabel('Otsi teenuseid').fill('raie');
    await page.getByRole('button', { name: 'Otsi' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('leiti 1 teenus');
    await checkPage('tartu-search');
    await page.getByRole('link', { name: 'Raieluba' }).click();
    expect(new URL(page.url()).pathname).toBe('/services/felling-permit');
    await expect(page.locator('main').textContent()).resolves.toContain('Kõrge usaldusväärsuse tase');
    await checkPage('tartu-service');
    const login = await page.getByRole('link', { name: 'Logi sisse, et taotleda' }).getAttribute('href');
    expect(login).toBe('/login?returnTo=/services/felling-permit&level=high');
  });

  it("shows Espoo's in its own colours, in Finnish and, switched, in Swedish", async () => {
    const { page } = noScript;
    // A browser whose languages Espoo does not offer gets Espoo's default, Finnish.
    headers = { 'Accept-Language': 'de-DE,de;q=0.9' };
    await page.setExtraHTTPHeaders(headers);
    await page.goto(`http://espoo.localhost:${port}/`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fi');
    await expect(page.locator('h2').allTextContents()).resolves.toEqual(['Pysäköinti ja kadut']);
    await checkPage('espoo-home-fi');
    await page.getByRole('link', { name: 'Svenska' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('sv');
    await expect(page.getByRole('link', { name: 'Boendeparkeringstillstånd' }).count()).resolves.toBe(1);
    await checkPage('espoo-home-sv');
    const missing = await page.goto(`http://espoo.localhost:${port}/services/no-such-service`);
    expect(missing?.status()).toBe(404);
  });
});
