import { seedTenants, tenantSpec, testEnv } from '../support/apps.js';
import {
  freePort,
  httpGet,
  spawnApp,
  stopProcess,
  waitForHealth,
  type AppProcess,
  type BuiltApp,
} from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * What an operator relies on, on the built apps as they run in production: /health and
 * /ready on every app, the OpenAPI document at /api/docs, and JSON logs that carry the
 * request id (kept from X-Request-Id and answered back) and the tenant.
 */
describe('operability of the built apps', () => {
  let db: TestDatabase;
  const running: { app: BuiltApp; port: number; process: AppProcess }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db, { LOG_LEVEL: 'info' });
    await seedTenants(env, [tenantSpec('alpha')]);
    for (const app of ['api', 'admin', 'worker', 'sandbox'] as BuiltApp[]) {
      const port = await freePort();
      const variable = { api: 'API_PORT', admin: 'ADMIN_PORT', worker: 'WORKER_PORT', sandbox: 'SANDBOX_PORT' }[app];
      // The sandbox's SMTP server on a port of its own too, not the default another run may hold.
      const smtp = app === 'sandbox' ? { SANDBOX_SMTP_PORT: String(await freePort()) } : {};
      running.push({ app, port, process: spawnApp(app, { ...env, ...smtp, [variable]: String(port) }) });
    }
    await Promise.all(running.map((r) => waitForHealth(r.process, r.port, 30_000)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(running.map((r) => stopProcess(r.process)));
    await db?.drop();
  });

  it('answers /health, /ready and /api/docs on every app', async () => {
    for (const { app, port } of running) {
      const ready = await httpGet(port, '/ready');
      expect({ app, status: ready.status }).toEqual({ app, status: 200 });
      const checks = JSON.parse(ready.body).info;
      if (app !== 'sandbox')
        expect({ app, checks: Object.keys(checks).sort() }).toEqual({ app, checks: ['postgres', 'redis'] });
      const docs = await httpGet(port, '/api/docs/openapi.json');
      expect({ app, status: docs.status }).toEqual({ app, status: 200 });
      const paths = Object.values(JSON.parse(docs.body).paths) as Record<string, { summary?: string }>[];
      // Every operation says what it does.
      for (const operations of paths) for (const op of Object.values(operations)) expect(op.summary).toBeTruthy();
    }
  });

  it('answers /health whatever the host, even an unknown one', async () => {
    const api = running.find((r) => r.app === 'api')!;
    expect((await httpGet(api.port, '/health', { Host: 'nobody.localhost' })).status).toBe(200);
  });

  it('logs each request as JSON with its request id and tenant', async () => {
    const api = running.find((r) => r.app === 'api')!;
    const response = await httpGet(api.port, '/api/v1/services', {
      Host: 'alpha.localhost',
      'X-Request-Id': 'trace-0123456789',
    });
    expect(response.status).toBe(200);
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !line; i++) {
      line = api.process
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.requestId === 'trace-0123456789');
      if (!line) await new Promise((r) => setTimeout(r, 50));
    }
    expect(line).toMatchObject({
      app: 'api',
      msg: 'request completed',
      tenant: 'alpha',
      req: { method: 'GET', url: '/api/v1/services' },
      res: { statusCode: 200 },
    });
    expect(JSON.stringify(line)).not.toMatch(/authorization|cookie/i);
  });
});
