import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A new version of a shared template reaches a municipality only when its admin adopts it:
 * the office shows what it changes, the admin adopts it into the draft and publishes, new
 * applications get the new form, and a draft started before keeps the old one. The next
 * version is a test fixture (test/fixtures/service-templates/felling-permit/v2.yaml), read
 * through the deployment setting for extra template folders.
 */
describe('upgrading a service to a new template version', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let origin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db, { SERVICE_TEMPLATES_EXTRA_DIR: 'test/fixtures/service-templates' });
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        staff: [{ email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' }],
        services: [{ template: 'felling-permit', templateVersion: 1 }],
      } as never),
    ]);
    api = await startApi(env);
    origin = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  async function logIn(path: string, persona: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, `${origin}${path}`, { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    return browser;
  }

  it('shows what the new version changes, adopts it when the admin chooses, and keeps drafts on theirs', async () => {
    const mari = await logIn('/auth/login', 'mari-maasikas');
    const csrf = hiddenField((await mari.request(`${origin}/services/felling-permit`)).body, '_csrf')!;
    const start = async () => {
      const started = await mari.request(`${origin}/services/felling-permit/apply`, { form: { _csrf: csrf } });
      return /\/applications\/([0-9a-f-]{36})\/steps\/1$/.exec(started.location!)![1];
    };
    const before = await start();
    await mari.request(`${origin}/applications/${before}/steps/1`, {
      form: { _csrf: csrf, cadastralCode: '79501:001:0001', ownership: 'owner' },
    });

    const admin = await logIn('/office/auth/login', 'tartu-admin');
    const token = hiddenField((await admin.request(`${origin}/office/services`)).body, '_csrf')!;
    const json = { Accept: 'application/json', 'X-CSRF-Token': token };
    const offered = await admin.request(`${origin}/api/v1/office/services/felling-permit/upgrade`, { headers: json });
    expect(JSON.parse(offered.body)).toEqual({
      from: 1,
      to: 2,
      changes: [
        { part: 'fields', change: 'added', name: 'replanting' },
        { part: 'other', change: 'changed', name: 'steps' },
      ],
      conflicts: [],
    });
    // The office's list marks the newer version; nothing changes until the admin adopts it.
    expect((await admin.request(`${origin}/office/services?lang=en`)).body).toContain('version 2 available');

    const adopted = await admin.request(`${origin}/api/v1/office/services/felling-permit/upgrade`, {
      method: 'POST',
      headers: json,
    });
    expect(adopted.status).toBe(200);
    const published = await admin.request(`${origin}/api/v1/office/services/felling-permit/publish`, {
      method: 'POST',
      headers: json,
    });
    expect(JSON.parse(published.body)).toEqual({ code: 'felling-permit', publishedVersion: 2 });
    const versions = await db.query<{ version: number; template_version: number }>(
      `select version, template_version from service_versions order by version`,
    );
    expect(versions).toEqual([
      { version: 1, template_version: 1 },
      { version: 2, template_version: 2 },
    ]);

    // The draft started before goes on with version 1's form; a new one is asked the new question.
    const old = await mari.request(`${origin}/applications/${before}/steps/2?lang=en`);
    expect(old.status).toBe(200);
    expect(old.body).not.toContain('Will you plant new trees in their place?');
    const after = await start();
    await mari.request(`${origin}/applications/${after}/steps/1`, {
      form: { _csrf: csrf, cadastralCode: '79501:001:0001', ownership: 'owner' },
    });
    const fresh = await mari.request(`${origin}/applications/${after}/steps/2?lang=en`);
    expect(fresh.body).toContain('Will you plant new trees in their place?');
  });
});
