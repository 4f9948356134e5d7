import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { CreateOperatorUseCase } from '@townhall/identity';
import { startAdmin, startWorker, testEnv } from '../support/apps.js';
import { checkPage as checkAccessible, openBrowser, type TestBrowser } from '../support/browser.js';
import { startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * An operator onboards a municipality through the admin app's pages, without JavaScript:
 * logs in with the second factor, opens the list, fills the form (an unreadable colour is
 * refused on the form, with the error summary), and follows the provisioning to the end by
 * refreshing the status. Every page of the admin app passes axe-core.
 */
describe('admin pages in a browser', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let admin: INestApplication;
  let worker: INestApplication;
  let env: Record<string, string>;
  let browser: TestBrowser;
  let adminUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    env = testEnv(db, { OPERATOR_OIDC_ISSUER: `${started.base}/operators` });
    [admin, worker] = await Promise.all([startAdmin(env), startWorker(env)]);
    adminUrl = `http://localhost:${(admin.getHttpServer().address() as AddressInfo).port}`;
    await admin
      .get(CreateOperatorUseCase)
      .execute({ email: 'olga@platform.example.eu', displayName: 'Olga Operator', password: 'correct horse battery' });
    browser = await openBrowser({ javaScript: false });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([admin?.close(), worker?.close()]);
    await sandbox?.close();
    await db?.drop();
  });

  /** axe-core runs as a script: the page is checked in a second, scripted browser with the same cookies. */
  async function checkPage(name: string): Promise<void> {
    const checker = await openBrowser();
    try {
      await checker.page.context().addCookies(await browser.page.context().cookies());
      await checker.page.setContent(await browser.page.content(), { waitUntil: 'load' });
      await checkAccessible(checker.page, name);
    } finally {
      await checker.close();
    }
  }

  it('lets an operator onboard a municipality and follow its provisioning, without JavaScript', async () => {
    const { page } = browser;
    await page.goto(`${adminUrl}/municipalities`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByRole('link', { name: 'Log in with the platform account' }).click();
    await page.waitForURL(/\/operators\/interaction\//);
    const code = (await page.locator('#code-hint').textContent())!.match(/(\d+)/)![1];
    await page.getByLabel(/Olga Operator/).check();
    await page.getByLabel('One-time code').fill(code);
    await page.getByRole('button', { name: /log in/i }).click();
    // Back where the operator was going.
    await page.waitForURL(`${adminUrl}/municipalities`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Municipalities');
    await checkPage('admin-municipalities');

    await page.getByRole('link', { name: 'Onboard a municipality' }).click();
    await page.getByLabel('Name').fill('Valga vald');
    await page.getByLabel('Subdomain').fill('valga');
    await page.getByLabel('Eesti').check();
    await page.getByLabel('Default language').selectOption('et');
    await page.getByLabel('Main colour', { exact: true }).fill('#ffdd00');
    await page.getByLabel('Logo').setInputFiles({
      name: 'logo.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    await page.getByRole('button', { name: 'Onboard' }).click();
    // Yellow under white text is unreadable, and a logo that runs a script is no logo: the
    // form comes back with both errors, nothing saved.
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('4.5:1');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('The logo is an SVG with a script');
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Valga vald');
    await checkPage('admin-onboarding-errors');
    expect(await db.query(`select 1 from tenants where slug = 'valga'`)).toHaveLength(0);

    await page.getByLabel('Colour of text on the main colour').fill('#0b0c0c');
    await page.getByLabel('Logo').setInputFiles('tenants/tartu/logo.svg');
    await page.getByRole('button', { name: 'Onboard' }).click();
    await page.waitForURL(`${adminUrl}/municipalities/valga`);
    const [{ logo }] = await db.query<{ logo: { mediaType: string } }>(
      `select branding->'logo' as logo from tenants where slug = 'valga'`,
    );
    expect(logo).toMatchObject({ mediaType: 'image/svg+xml' });
    for (let i = 0; i < 50 && (await page.locator('progress').getAttribute('value')) !== '100'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await page.getByRole('link', { name: 'Refresh the status' }).click();
    }
    await expect(page.locator('progress').getAttribute('value')).resolves.toBe('100');
    await expect(page.locator('main').textContent()).resolves.toContain('Active');
    await checkPage('admin-municipality');
  });

  it('updates the progress bar by itself when JavaScript runs', async () => {
    const scripted = await openBrowser();
    try {
      // The same operator's session, in a browser that runs scripts.
      await scripted.page.context().addCookies(await browser.page.context().cookies());
      const { page } = scripted;
      // No worker for now: the municipality waits at 0 % until one starts.
      await worker.close();
      await page.goto(`${adminUrl}/municipalities/new`);
      await page.getByLabel('Name').fill('Tapa vald');
      await page.getByLabel('Subdomain').fill('tapa');
      await page.getByLabel('Main colour', { exact: true }).fill('#00558c');
      await page.getByRole('button', { name: 'Onboard' }).click();
      await page.waitForURL(`${adminUrl}/municipalities/tapa`);
      await expect(page.locator('progress').getAttribute('value')).resolves.toBe('0');
      await page.waitForRequest((request) => request.url().endsWith('/api/v1/tenants/tapa'));
      worker = await startWorker(env);
      // No click: the script polls the API and reloads the page when provisioning is done.
      await page.locator('main', { hasText: 'Active' }).waitFor({ timeout: 20_000 });
      await expect(page.locator('progress').getAttribute('value')).resolves.toBe('100');
    } finally {
      await scripted.close();
    }
  });
});
