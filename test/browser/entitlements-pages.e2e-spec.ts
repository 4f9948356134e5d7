import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bull';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { ProactiveRuns } from '@townhall/entitlements';
import { QueueName } from '@townhall/platform';
import { ApplyTenantFilesUseCase, type TenantEntity, type TenantSpecRequestDto } from '@townhall/tenancy';
import type { Queue } from 'bull';
import { seedTenants, startApi, startCli, startWorker, testEnv } from '../support/apps.js';
import { checkPage as checkAccessible, logInToOffice, openBrowser, type TestBrowser } from '../support/browser.js';
import { sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The pages of benefits granted without an application, in a browser, each checked with axe:
 * Espoo grants its +68 sports wristband from the population register; Seija, who turned 68
 * a few days ago and never used the portal, logs in and finds it from the header and from the
 * message in her inbox; an admin sees the holders and checks the register again.
 */
describe('entitlements: my benefits and the office list', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let browser: TestBrowser;
  let espoo: string;
  let tenant: TenantEntity;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}`, PROACTIVE_CRON: '0 0 1 1 *' });
    // Espoo as its tenant file describes it, at this test's sandbox.
    const cli: INestApplicationContext = await startCli(env);
    const file = (await cli.get(ApplyTenantFilesUseCase).read('tenants')).find((f) => f.spec.slug === 'espoo')!;
    await cli.close();
    [tenant] = await seedTenants(env, [
      {
        ...file.spec,
        identityProvider: sandboxProviders(started.base, 'espoo'),
        registers: {
          population: { ...file.spec.registers!.population!, url: `${started.base}/registers/population` },
        },
      } as TenantSpecRequestDto,
    ]);
    api = await startApi(env);
    espoo = `http://espoo.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
    worker = await startWorker({ ...env, PORTAL_URL: espoo.replace('espoo', '{slug}') });
    // The day's run, as the worker's schedule would start it.
    const job = await worker.get(ProactiveRuns).now({ id: tenant.id, slug: tenant.slug });
    const queue = worker.get<Queue>(getQueueToken(QueueName.Entitlements));
    for (let i = 0; i < 200 && (await (await queue.getJob(job.id))!.getState()) !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await queue.getJob(job.id))!.returnvalue).toMatchObject({ granted: 4 });
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

  it('shows a resident her wristband, linked from the header and from her message', async () => {
    const { page } = browser;
    await page.goto(`${espoo}/?lang=en`);
    await page.goto(`${espoo}/me/entitlements`);
    await page.getByRole('link', { name: 'Log in with national eID' }).click();
    await page.waitForURL(/\/eid\/interaction\//);
    await page.getByLabel(/Seija Mäkinen/).check();
    await page.getByLabel('substantial', { exact: true }).check();
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${espoo}/me/entitlements`);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('+68 sports wristband');
    await page.getByText('with no end date').waitFor();
    await checkPage('my-entitlements');

    // The message, in the municipality's language (she has not chosen another), leads back here.
    await page
      .getByRole('link', { name: /Messages 1 unread/ })
      .first()
      .click();
    await page.getByRole('link', { name: /Sinulle on myönnetty/ }).click();
    await checkPage('inbox-entitlement-message');
    await page.getByRole('link', { name: 'Open the page' }).click();
    await page.waitForURL(`${espoo}/me/entitlements`);
    await page.getByRole('link', { name: 'My benefits' }).first().waitFor();

    // In Finnish too.
    await page.goto(`${espoo}/me/entitlements?lang=fi`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Etuuteni');
    await page.getByRole('heading', { name: '+68-liikuntaranneke' }).waitFor();
    await checkPage('my-entitlements-fi');
    await page.goto(`${espoo}/me/entitlements?lang=en`);
  });

  it('lists the holders for an admin, who can check the register now', async () => {
    const { page } = browser;
    await logInToOffice(page, espoo, /Anna Admin \(espoo\)/, '/office/entitlements');
    await page.getByText('4 holders').waitFor();
    await checkPage('office-entitlements');
    await page.getByLabel('Benefit', { exact: true }).selectOption('sports-wristband-68');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/code=sports-wristband-68/);
    await page.getByText('4 holders').waitFor();
    await page.getByRole('button', { name: 'Check the register now' }).click();
    await page.waitForURL(`${espoo}/office/entitlements?started=1`);
    await page.getByRole('heading', { name: 'Check started' }).waitFor();
    await checkPage('office-entitlements-started');
  });
});
