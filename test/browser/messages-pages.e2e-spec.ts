import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { readServiceTemplates } from '@townhall/catalogue';
import { seedTenants, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { checkPage as checkAccessible, logInToOffice, openBrowser, type TestBrowser } from '../support/browser.js';
import { mailbox, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The pages of messages in a browser, each checked with axe: the citizen chooses how to be
 * told, applies, finds the message in the inbox (the header counts it) and in their mail; an
 * admin sees the office's messages page and changes a message's wording.
 */
describe('messages: contact choices, inbox and the office', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let browser: TestBrowser;
  let tartu: string;
  let mail: ReturnType<typeof mailbox>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    mail = mailbox(started.base);
    const env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}` });
    await seedTenants(env, [
      tenantSpec('tartu', {
        name: 'Tartu linn',
        branding: { primaryColor: '#00558c', primaryTextColor: '#ffffff' },
        identityProvider: sandboxProviders(started.base),
        staff: [{ email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' }],
        services: [{ template: 'project-grant' }],
      } as never),
    ]);
    api = await startApi(env);
    tartu = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
    worker = await startWorker({ ...env, PORTAL_URL: tartu.replace('tartu', '{slug}') });
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

  it('lets a citizen choose e-mail, and shows the message of their application in the inbox and the mail', async () => {
    const { page } = browser;
    await page.goto(`${tartu}/services/project-grant?lang=en`);
    await page
      .getByRole('link', { name: /Log in/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Log in with national eID' }).click();
    await page.waitForURL(/\/eid\/interaction\//);
    await page.getByLabel(/Mari Maasikas/).check();
    await page.getByLabel('substantial', { exact: true }).check();
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${tartu}/services/project-grant`);

    await page.getByRole('link', { name: 'How we contact you' }).first().click();
    await checkPage('contact');
    await page.getByLabel('E-mail address').fill('mari@example.ee');
    await page.getByLabel('by e-mail').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await checkPage('contact-saved');

    // The application itself goes in as JSON, in this browser's session.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const { attachments: _files, ...answers } = readServiceTemplates(undefined, ['project-grant'])[0].example;
    // From the page, as the portal's own script would (the test process cannot resolve *.localhost).
    const submitted = await page.evaluate(
      async ({ body, token }) => {
        const response = await fetch('/api/v1/applications', {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': token },
          body: JSON.stringify(body),
        });
        return { status: response.status, json: (await response.json()) as { reference: string } };
      },
      { body: { service: 'project-grant', answers }, token: csrf },
    );
    expect(submitted.status).toBe(201);
    const { reference } = submitted.json;

    const [received] = await mail.waitFor({ to: 'mari@example.ee', subject: reference }, 1, 15_000);
    expect(received.subject).toContain(reference);
    await page.goto(`${tartu}/applications`);
    await page
      .getByRole('link', { name: /Messages 1 unread/ })
      .first()
      .waitFor();
    await page
      .getByRole('link', { name: /Messages/ })
      .first()
      .click();
    await checkPage('inbox');
    await page.getByRole('link', { name: new RegExp(reference) }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(reference);
    await checkPage('inbox-message');
  });

  it("shows an admin the office's messages and lets them change a message's wording", async () => {
    const { page } = browser;
    await logInToOffice(page, tartu, /Anna Admin \(tartu\)/, '/office/messages');
    await checkPage('office-messages');
    await page.goto(`${tartu}/office/settings/messages`);
    await checkPage('office-wordings');
    await page.getByRole('link', { name: 'Application received' }).first().click();
    await checkPage('office-wording');
    await page.getByLabel('Subject').fill('Tartu got {{ refrence }}');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('{{ refrence }}');
    await checkPage('office-wording-refused');
    await page.getByLabel('Subject').fill('Tartu got {{ reference }}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${tartu}/office/settings/messages`);
    await page.getByText('Your own text').first().waitFor();
  });
});
