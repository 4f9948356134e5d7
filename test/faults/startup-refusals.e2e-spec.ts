import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { testEnv } from '../support/apps.js';
import {
  type AppProcess,
  type BuiltApp,
  type Exit,
  exitWithin,
  freePort,
  spawnApp,
  startRedisServer,
  stopProcess,
} from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

interface Refusal {
  name: string;
  app: BuiltApp;
  /** Changes to a valid environment; undefined removes the setting. */
  env: (valid: Record<string, string>) => Record<string, string | undefined>;
  setting: string;
  says: RegExp;
}

const PORT_OF: Record<BuiltApp, string> = {
  api: 'API_PORT',
  admin: 'ADMIN_PORT',
  worker: 'WORKER_PORT',
  sandbox: 'SANDBOX_PORT',
};

let lruRedisUrl = '';

const refusals: Refusal[] = [
  ...(['api', 'admin', 'worker'] as const).map((app) => ({
    name: `${app}: DATABASE_URL missing`,
    app,
    env: () => ({ DATABASE_URL: undefined }),
    setting: 'DATABASE_URL',
    says: /DATABASE_URL must be a postgres:\/\/ URL/,
  })),
  {
    name: 'api: DATABASE_URL of another database (mysql://x)',
    app: 'api',
    env: () => ({ DATABASE_URL: 'mysql://x' }),
    setting: 'DATABASE_URL',
    says: /DATABASE_URL must be a postgres:\/\/ URL/,
  },
  {
    name: 'api: API_PORT "abc"',
    app: 'api',
    env: () => ({ API_PORT: 'abc' }),
    setting: 'API_PORT',
    says: /API_PORT must be a port number/,
  },
  {
    name: 'worker: WORKER_PORT "abc"',
    app: 'worker',
    env: () => ({ WORKER_PORT: 'abc' }),
    setting: 'WORKER_PORT',
    says: /WORKER_PORT must be a port number/,
  },
  ...(['api', 'worker'] as const).map((app) => ({
    name: `${app}: DATABASE_URL of a superuser (postgres@…)`,
    app,
    env: (valid: Record<string, string>) => ({ DATABASE_URL: valid.SUPERUSER_URL }),
    setting: 'DATABASE_URL',
    says: /role postgres is a superuser/,
  })),
  ...(['api', 'worker'] as const).map((app) => ({
    name: `${app}: in production with the development SECRETS_ENCRYPTION_KEY`,
    app,
    env: () => ({ NODE_ENV: 'production' }),
    setting: 'SECRETS_ENCRYPTION_KEY',
    says: /SECRETS_ENCRYPTION_KEY is the development default; set a key of your own in production/,
  })),
  {
    name: 'worker: SECRETS_ENCRYPTION_KEY not 32 bytes',
    app: 'worker',
    env: () => ({ SECRETS_ENCRYPTION_KEY: 'c2hvcnQ=' }),
    setting: 'SECRETS_ENCRYPTION_KEY',
    says: /SECRETS_ENCRYPTION_KEY must be 32 random bytes in base64/,
  },
  ...(['api', 'worker'] as const).map((app) => ({
    name: `${app}: a Redis that evicts keys (maxmemory-policy allkeys-lru)`,
    app,
    env: () => ({ REDIS_URL: lruRedisUrl }),
    setting: 'REDIS_URL',
    says: /maxmemory-policy "allkeys-lru".*needs? "noeviction"/,
  })),
];

/**
 * A misconfigured app must not start half-way: it exits 1 at once, and its output names the
 * setting to fix in one line per problem, with no stack trace to dig through.
 */
describe('faults: the apps refuse to start when misconfigured', () => {
  let db: TestDatabase;
  let redis: ChildProcess | undefined;
  const runs = new Map<string, { app: AppProcess; exit: Exit | null }>();

  beforeAll(async () => {
    db = await createTestDatabase();

    // A Redis of our own that evicts keys under memory pressure.
    const redisPort = await freePort();
    redis = await startRedisServer(redisPort, 'allkeys-lru');
    lruRedisUrl = `redis://127.0.0.1:${redisPort}`;
    const probe = new Redis(lruRedisUrl, { maxRetriesPerRequest: 0 });
    expect(await probe.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    probe.disconnect();

    // Three processes at a time: each boots Node and Nest, and the machine has two cores.
    const queue = [...refusals];
    const runOne = async (refusal: Refusal) => {
      const port = await freePort();
      // DATABASE_URL exactly as each case gives it (no platform-role substitution by spawnApp).
      const { PLATFORM_DATABASE_URL: _platform, ...valid } = testEnv(db, {
        LOG_LEVEL: 'info',
        [PORT_OF[refusal.app]]: String(port),
      });
      const app = spawnApp(refusal.app, { ...valid, ...refusal.env({ ...valid, SUPERUSER_URL: db.superuserUrl }) });
      runs.set(refusal.name, { app, exit: await exitWithin(app, 30_000) });
    };
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await runOne(next);
      }),
    );
  }, 60_000);

  afterAll(async () => {
    for (const { app } of runs.values()) await stopProcess(app);
    if (redis && redis.exitCode === null) {
      const ended = new Promise((resolve) => redis!.once('exit', resolve));
      redis.kill('SIGTERM');
      await ended;
    }
    await db?.drop();
  });

  it.each(refusals.map((r) => [r.name, r] as const))('%s', (name, refusal) => {
    const { app, exit } = runs.get(name)!;
    const stderr = app.stderr();
    expect(exit).not.toBeNull();
    expect({ code: exit!.code, signal: exit!.signal }).toEqual({ code: 1, signal: null });

    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    // A header, then one line per problem, each naming the setting and what is wrong with it.
    expect(lines[0]).toBe('Invalid configuration:');
    const problems = lines.slice(1);
    expect(problems.length).toBeGreaterThan(0);
    for (const line of problems) expect(line).toMatch(new RegExp(`^  - ${refusal.setting}: \\S`));
    expect(problems.some((line) => refusal.says.test(line))).toBe(true);
    // Nothing else: no stack trace, no logged exception.
    expect(stderr).not.toMatch(/^\s+at .+/m);
    expect(stderr).not.toMatch(/ERROR|Error:/);
  });
});
