import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { applyForFellingPermit } from '../support/applications.js';
import { seedTenants, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { checkPage as checkAccessible, logInToOffice, openBrowser, type TestBrowser } from '../support/browser.js';
import { HttpBrowser } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox, webhookReceiver } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A municipal admin subscribes the municipality's records system to events in the office,
 * in Chromium: a refused form names its fields, the signing secret is shown once, the
 * subscription's page lists what was delivered and sends a delivery again, on accessible
 * pages (axe-core, at a desktop and a phone width).
 */
describe('webhooks in the office', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let browser: TestBrowser;
  let tartu: string;
  let receiver: ReturnType<typeof webhookReceiver>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    receiver = webhookReceiver(started.base, 'tartu-browser');
    const env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}` });
    await seedTenants(env, [
      tenantSpec('tartu', {
        name: 'Tartu linn',
        branding: { primaryColor: '#00558c', primaryTextColor: '#ffffff' },
        identityProvider: sandboxProviders(started.base),
        staff: [{ email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' }],
        services: [{ template: 'felling-permit' }],
      } as never),
    ]);
    api = await startApi(env);
    tartu = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
    worker = await startWorker(env);
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  const checkPage = (name: string) => checkAccessible(browser.page, name);

  it('adds a webhook, shows its secret once, and lists and resends its deliveries', async () => {
    const { page } = browser;
    await logInToOffice(page, tartu, /Anna Admin \(tartu\)/, '/office/settings/webhooks');
    await expect(page.locator('main').textContent()).resolves.toContain('There are no webhooks yet.');
    await checkPage('office-webhooks');

    // Nothing filled in, and an address a production server would never post to: each named.
    await page.getByLabel('Address (URL)').fill('http://records.example.eu/hooks');
    await page.getByRole('button', { name: 'Add the webhook' }).click();
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toContain('Address: it must start with https://');
    expect(alert).toContain('Description: enter 1 to 200 characters');
    expect(alert).toContain('Events: choose at least one of the events listed');
    await expect(page.getByLabel('Address (URL)').getAttribute('aria-invalid')).resolves.toBe('true');
    await checkPage('office-webhooks-refused');

    await page.getByLabel('Address (URL)').fill(receiver.url);
    await page.getByLabel('Description').fill('Records system');
    await page.getByLabel('application.submitted', { exact: true }).check();
    await page.getByLabel('application.decided', { exact: true }).check();
    await page.getByRole('button', { name: 'Add the webhook' }).click();
    const secret = await page.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await checkPage('office-webhook-created');
    await receiver.configure(secret);

    // A citizen applies: the records system hears of it.
    const mari = new HttpBrowser();
    const { callback } = await pickPersona(mari, `${tartu}/auth/login`, {
      persona: 'mari-maasikas',
      level: 'substantial',
    });
    await mari.request(callback);
    await applyForFellingPermit(mari, tartu);
    const first = await receiver.waitFor((r) => r.event === 'application.submitted');
    expect(first.verdict).toBe('valid');
    for (let tries = 0; ; tries++) {
      const rows = await db.query<{ status: string }>(`select status from webhook_deliveries`);
      if (rows[0]?.status === 'delivered' || tries > 100) break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }

    // The answer that showed the secret was the form's; the webhook's own page has an address.
    await page.getByRole('link', { name: 'All webhooks' }).click();
    await page.getByRole('link', { name: 'Records system' }).click();
    const log = page.getByRole('table', { name: 'Deliveries of the webhook, newest first' });
    await expect(log.textContent()).resolves.toMatch(/application\.submitted[\s\S]*HTTP 200[\s\S]*Delivered/);
    await checkPage('office-webhook-log');

    await page.getByRole('button', { name: /Send again/ }).click();
    await page.waitForURL(/\?done=resent$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Sent again');
    await checkPage('office-webhook-resent');
    const again = await receiver.waitFor((r) => r.webhookId === first.webhookId && r.redelivery);
    expect(again.verdict).toBe('valid');

    await page.getByRole('link', { name: 'All webhooks' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Records system');
    await checkPage('office-webhooks-list');
  });
});
