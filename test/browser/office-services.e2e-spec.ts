import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { checkPage as checkAccessible, logInToOffice, openBrowser, type TestBrowser } from '../support/browser.js';
import { sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A municipal admin customises a shared template in the office, in Chromium: a change that
 * would break the template is refused naming the field; a good one shows in the preview,
 * and once published in what citizens get, while the version published before stays as it
 * was for the applications made under it. The admin also makes an API key for a system.
 */
describe('customising a service in the office', () => {
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
        staff: [{ email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' }],
        services: [{ template: 'felling-permit' }, { template: 'room-booking' }],
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

  const checkPage = (name: string) => checkAccessible(browser.page, name);

  it('refuses a breaking change naming the field, previews a good one and publishes it as a new version', async () => {
    const { page } = browser;
    // Logged in through the staff provider, and back where the admin was going.
    await logInToOffice(page, tartu, /Anna Admin \(tartu\)/, '/office/services');
    await checkPage('office-services');
    await page.getByRole('link', { name: 'Tree felling permit' }).click();
    await checkPage('office-service-edit');

    // An extra field named like one of the template's would break it: refused, named.
    await page.getByLabel('New field: its name').fill('reason');
    await page.getByLabel('New field: its label (en)').fill('Reason again');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'extraFields[0].name: the form already has a field "reason"',
    );
    await checkPage('office-service-refused');
    // What the admin typed is still in the inputs, and nothing was saved.
    await expect(page.getByLabel('New field: its name').inputValue()).resolves.toBe('reason');
    await expect(page.getByText('Remove “Reason again”').count()).resolves.toBe(0);
    // The summary links to the field at fault.
    await expect(page.getByRole('link', { name: /extraFields\[0\]\.name/ }).getAttribute('href')).resolves.toBe(
      '#extra-name',
    );
    await expect(page.locator('#extra-name').getAttribute('aria-invalid')).resolves.toBe(null);

    // A good change: a new title and the municipality's own question.
    await page.getByLabel('Name (en)').fill('Felling permit in Tartu');
    await page.getByLabel('What it is (en)').fill('Trees of Tartu are felled with a permit of the city.');
    await page.getByLabel('New field: its name').fill('neighbourInformed');
    await page.getByLabel('New field: its label (en)').fill('I have told my neighbours');
    await page.getByLabel('New field: its type').selectOption('checkbox');
    await page.getByLabel('The step it is asked on').selectOption('trees');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForURL(`${tartu}/office/services/felling-permit?saved=1`);
    await expect(page.locator('main').textContent()).resolves.toContain('Draft saved');
    // The new question in the municipality's other language too.
    await expect(page.getByLabel('Label of neighbourInformed (en)').inputValue()).resolves.toBe(
      'I have told my neighbours',
    );
    await page.getByLabel('Label of neighbourInformed (et)').fill('Olen naabreid teavitanud');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForURL(`${tartu}/office/services/felling-permit?saved=1`);
    const [draft] = await db.query<{ customisation: { extraFields: { label: Record<string, string> }[] } }>(
      `select customisation from services where code = 'felling-permit'`,
    );
    expect(draft.customisation.extraFields[0].label).toEqual({
      en: 'I have told my neighbours',
      et: 'Olen naabreid teavitanud',
    });

    // Citizens still get the published version until the admin publishes.
    const citizenPage = () =>
      request(api.getHttpServer()).get('/services/felling-permit?lang=en').set('Host', 'tartu.localhost').expect(200);
    expect((await citizenPage()).text).toContain('Tree felling permit');

    await page.getByRole('link', { name: 'Preview' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Felling permit in Tartu');
    await expect(page.getByLabel('I have told my neighbours').count()).resolves.toBe(1);
    await checkPage('office-service-preview');

    await page.getByRole('link', { name: 'Back to the customisation' }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(`${tartu}/office/services/felling-permit?published=2`);
    await checkPage('office-service-published');

    expect((await citizenPage()).text).toContain('Felling permit in Tartu');
    expect((await citizenPage()).text).toContain('Trees of Tartu are felled with a permit of the city.');

    // Version 1, which applications started before pin, is as it was; version 2 asks the new question.
    const versions = await db.query<{ version: number; asks: boolean; by: string }>(
      `select version, definition::jsonb->'form'->'schema'->'properties' ? 'neighbourInformed' as asks, published_by as by
         from service_versions v join services s on s.tenant_id = v.tenant_id and s.id = v.service_id
        where s.code = 'felling-permit' order by version`,
    );
    expect(versions).toEqual([
      { version: 1, asks: false, by: 'file:tenants/tartu/tenant.yaml' },
      { version: 2, asks: true, by: 'staff:admin@tartu.example.eu' },
    ]);
  });

  it("makes an API key for the municipality's systems, showing it once, on accessible pages", async () => {
    const { page } = browser;
    await page.goto(`${tartu}/office/settings/api-keys`);
    await checkPage('office-api-keys');
    await page.getByRole('button', { name: 'Make the key' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Name: enter 1 to 80 characters');
    await checkPage('office-api-keys-refused');
    await page.getByLabel('Name', { exact: true }).fill('Document register');
    await page.getByLabel('cases:read', { exact: true }).check();
    await page.getByRole('button', { name: 'Make the key' }).click();
    await expect(page.getByLabel('API key', { exact: true }).inputValue()).resolves.toMatch(/^th_[a-z0-9]{8}_/);
    await checkPage('office-api-keys-created');
  });
});
