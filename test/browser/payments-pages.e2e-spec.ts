import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { OpenPaymentUseCase, PaymentPurposes, type PaymentEntity } from '@townhall/payments';
import { TenantDatabase, type TenantEntity } from '@townhall/tenancy';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { checkPage as checkAccessible, logInToOffice, openBrowser, type TestBrowser } from '../support/browser.js';
import { sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The payment pages in a browser, each checked with axe: Mari sees what she pays (computed on
 * the server), chooses card, pays on the sandbox gateway's page, comes back to "payment being
 * confirmed" while the gateway's callback is late, and finds it paid with its receipt; the
 * finance department sees it in the reconciliation report.
 */
describe('payments: the payer and the finance department, in a browser', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let browser: TestBrowser;
  let sandboxBase: string;
  let tartu: string;
  let tenant: TenantEntity;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    sandboxBase = started.base;
    const env = testEnv(db, { SMTP_URL: `smtp://127.0.0.1:${started.smtpPort}` });
    process.env.TEST_BROWSER_TARTU_PAYMENTS_SECRET = 'sandbox-pay-secret-tartu';
    [tenant] = await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        staff: [{ email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' }],
        payments: {
          methods: ['card', 'bank-link', 'at-office'],
          gateway: {
            url: `${started.base}/payments`,
            merchantId: 'tartu',
            secretRef: 'TEST_BROWSER_TARTU_PAYMENTS_SECRET',
          },
        },
      } as never),
    ]);
    api = await startApi(env);
    // The payment below is for no real application: a stand-in purpose hears it paid (cases'
    // own handler would refund a fee paid for no application).
    const purposes = api.get(PaymentPurposes);
    const hooks = { paid: async () => undefined, lapsed: async () => undefined, refunded: async () => undefined };
    const registered = purposes.handlerOf('application-fee');
    if (registered) Object.assign(registered, hooks);
    else purposes.register({ kind: 'application-fee', ...hooks });
    tartu = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
    delete process.env.TEST_BROWSER_TARTU_PAYMENTS_SECRET;
  });

  const checkPage = (name: string) => checkAccessible(browser.page, name);

  /** A payment of 100 € of Mari's, as a library opens one (an application's fee; the pages are the subject here). */
  async function openPayment(): Promise<PaymentEntity> {
    const [mari] = await db.query<{ id: string }>(`select id from citizens where tenant_id = $1`, [tenant.id]);
    return api.get(TenantDatabase).runAs({ id: tenant.id, slug: tenant.slug }, () =>
      api.get(OpenPaymentUseCase).execute({
        purpose: { kind: 'application-fee', id: crypto.randomUUID() },
        payerId: mari.id,
        description: { en: 'Hugo Treffner Gymnasium auditorium, Tuesday 18:00–20:00' },
        lines: [{ id: 'hire', label: { en: 'Room hire: 50 € an hour × 2 hours' }, amount: 10000 }],
        returnPath: '/my',
      }),
    );
  }

  it('pays 100 € through the gateway, sees "being confirmed" until the callback, then the receipt', async () => {
    const { page } = browser;
    await page.goto(`${tartu}/?lang=en`);
    await page.goto(`${tartu}/my`);
    await page.getByRole('link', { name: 'Log in with national eID' }).click();
    await page.waitForURL(/\/eid\/interaction\//);
    await page.getByLabel(/Mari Maasikas/).check();
    await page.getByLabel('substantial', { exact: true }).check();
    await page.getByRole('button', { name: /log in/i }).click();
    await page.waitForURL(`${tartu}/my`);

    const payment = await openPayment();
    await page.goto(`${tartu}/payments/${payment.id}`);
    await page.getByRole('cell', { name: '€100.00' }).first().waitFor();
    await checkPage('payment-choose');

    // The gateway's callback comes late: the return shows "being confirmed".
    await fetch(`${sandboxBase}/payments/v1/merchants/tartu/callbacks`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mode: 'normal', delayMs: 3000 }),
    });
    await page.getByLabel('Card').check();
    await page.getByRole('button', { name: 'Pay €100.00' }).click();
    await page.waitForURL(/\/payments\/pay\/ses_/);
    await checkPage('gateway-pay');
    await page.getByRole('button', { name: 'Pay €100.00' }).click();
    await page.waitForURL(`${tartu}/payments/${payment.id}?returned=paid`);
    await page.getByRole('heading', { name: 'Payment being confirmed' }).waitFor();
    await checkPage('payment-confirming');

    for (let i = 0; i < 50; i++) {
      await page.getByRole('link', { name: 'Check again' }).click();
      if (await page.getByRole('heading', { name: 'Paid', exact: true }).count()) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await page.getByRole('heading', { name: 'Paid', exact: true }).waitFor();
    await page.getByRole('link', { name: /Download the receipt \d{4}-000001/ }).waitFor();
    await checkPage('payment-paid');
  });

  it('lists the payment in the finance department’s report', async () => {
    const { page } = browser;
    await logInToOffice(page, tartu, /Anna Admin \(tartu\)/, '/office/payments');
    await page.getByRole('cell', { name: /^\d{4}-000001$/ }).waitFor();
    await checkPage('office-payments');
    await page.getByLabel('Status').selectOption('expired');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/status=expired/);
    await page.getByText('No payments match.').waitFor();
  });

  it('records a payment at the office by hand, and offers to record its refund', async () => {
    const { page } = browser;
    const payment = await openPayment();
    await page.goto(`${tartu}/payments/${payment.id}`);
    await page.getByLabel('Pay at the office').check();
    await page.getByRole('button', { name: 'Pay €100.00' }).click();
    await page.getByRole('heading', { name: 'Waiting for your payment' }).waitFor();
    await checkPage('payment-at-office');

    await page.goto(`${tartu}/office/payments?method=at-office`);
    await page.getByLabel(/Note \(optional\)/).fill('Desk receipt 4711');
    await page.getByRole('button', { name: /^Record payment received/ }).click();
    await page.getByRole('heading', { name: 'Payment recorded' }).waitFor();
    await page.getByLabel('Refund reference').waitFor();
    await checkPage('office-payment-received');
  });
});
