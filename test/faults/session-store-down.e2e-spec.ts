import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser } from '../support/http-browser.js';
import { freePort, sleep, startRedisServer, waitUntil } from '../support/processes.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The session store (Redis) dies under a logged-in citizen: logged-in pages and logins
 * answer 503 saying so (never a 500, never a page as someone else), public pages still
 * work, and once Redis is back logging in works again.
 */
describe('faults: the session store goes away', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let redis: ChildProcess | undefined;
  let redisPort: number;
  let tartu: string;

  async function startRedis(): Promise<void> {
    redis = await startRedisServer(redisPort, 'noeviction');
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    redisPort = await freePort();
    await startRedis();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db, { REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu', ['citizen']),
      } as never),
    ]);
    api = await startApi(env);
    tartu = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
    redis?.kill('SIGKILL');
    await db?.drop();
  });

  async function logIn(browser: HttpBrowser): Promise<void> {
    const { callback } = await pickPersona(browser, `${tartu}/auth/login`, { persona: 'mari-maasikas', level: 'high' });
    expect((await browser.request(callback)).status).toBe(303);
  }

  it('answers 503 while Redis is away, and lets people log in again once it is back', async () => {
    const browser = new HttpBrowser();
    await logIn(browser);
    expect((await browser.request(`${tartu}/my`)).status).toBe(200);

    redis!.kill('SIGKILL');
    await new Promise((resolve) => redis!.once('exit', resolve));
    const page = await browser.request(`${tartu}/my`);
    expect(page.status).toBe(503);
    expect(page.body).toContain('session store does not answer');
    expect((await browser.request(`${tartu}/auth/login`)).status).toBe(503);
    // Public pages do not need sessions.
    expect((await browser.request(`${tartu}/login`)).status).toBe(200);
    expect(
      (await browser.request(`${tartu}/api/v1/services`, { headers: { Accept: 'application/json' } })).status,
    ).toBe(200);

    await startRedis();
    // The store kept nothing (no persistence here): the session is gone, not someone else's.
    const back = await waitUntil(
      'the api to reach Redis again',
      async () => {
        const response = await browser.request(`${tartu}/my`);
        return response.status === 503 ? (await sleep(200), null) : response;
      },
      20_000,
    );
    expect(back.status).toBe(303);
    await logIn(browser);
    expect((await browser.request(`${tartu}/my`)).body).toContain('Mari Maasikas');
  });
});
