// What the bench runs against: a fresh database of its own, Redis under a queue prefix of its
// own, and the BUILT apps as child processes (the bench process only generates load, so the
// servers' cost is not mixed with the load generator's in one event loop).
// Imports pg and ioredis: import this module only after ensureInstalled().
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  LauncherError,
  ROOT,
  describeExit,
  log,
  onCleanup,
  run,
  sleep,
  startService,
  stopHandle,
} from '../lib/proc.mjs';
import { ensureDatabase, ensurePostgres } from '../lib/postgres.mjs';
import { ensureRedis } from '../lib/redis.mjs';
import { APPS, CLI_ENTRY, appEnv, cliEnv } from '../lib/settings.mjs';

export const BENCH_DATABASE = 'townhall_bench';
/** Bull queues, operator sessions and tenant-change messages live under this Redis prefix. */
export const QUEUE_PREFIX = 'bench';
/**
 * The sandbox's client secrets of the clients the bench tenant of figures 7 and 8 uses
 * (tartu-portal, tartu-office: clients are registered per seed municipality), under names of
 * the bench's own (its tenant spec's clientSecretRef).
 */
export const BENCH_CLIENT_SECRETS = {
  citizen: { ref: 'BENCH_EID_CLIENT_SECRET', clientId: 'tartu-portal', value: 'sandbox-secret-tartu-portal' },
  staff: { ref: 'BENCH_STAFF_CLIENT_SECRET', clientId: 'tartu-office', value: 'sandbox-secret-tartu-office' },
};
const HEALTH_TIMEOUT_MS = 60_000;

/**
 * A freshly created and migrated townhall_bench database, so every run starts from the same
 * empty state (the figures depend on the number of tenants).
 * @returns {Promise<{ appUrl: string, platformUrl: string, ownerUrl: string, serverUrl: string, redisUrl: string }>}
 */
export async function prepareStack() {
  const postgres = await ensurePostgres();
  if (postgres.mode !== 'server') {
    throw new LauncherError(
      'npm run bench creates a database of its own and needs a superuser: unset DATABASE_URL, or point it at a superuser',
    );
  }
  const redis = await ensureRedis();
  const database = await ensureDatabase(postgres.serverUrl, BENCH_DATABASE, { fresh: true });
  const stack = { ...database, redisUrl: redis.url };

  // Jobs or sessions of an earlier (interrupted) run must not leak into this one.
  await clearRedisPrefix(redis.url, QUEUE_PREFIX);
  onCleanup(() => clearRedisPrefix(redis.url, QUEUE_PREFIX));

  log(`migrating ${BENCH_DATABASE}`);
  const code = await run(process.execPath, [CLI_ENTRY, 'migrate'], { env: cliEnv(stack, stack.redisUrl) });
  if (code !== 0) throw new LauncherError(`migrate failed (exit code ${code})`);
  return stack;
}

async function clearRedisPrefix(url, prefix) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** SECRETS_ENCRYPTION_KEY of this run's apps. */
const BENCH_SECRETS_KEY = randomBytes(32).toString('base64');

/** The environment of the bench's apps: its database, its queue prefix, quiet logs. */
function benchAppEnv(stack, ports, app) {
  return {
    ...appEnv(stack, stack.redisUrl, app),
    API_PORT: String(ports.api),
    ADMIN_PORT: String(ports.admin),
    WORKER_PORT: String(ports.worker),
    SANDBOX_PORT: String(ports.sandbox),
    // Figure 9: the worker mails the bench's own sandbox (not a `npm start` one on 2525), and
    // mails link to the bench's api.
    SANDBOX_SMTP_PORT: String(ports.smtp),
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    PORTAL_URL: `http://{slug}.localhost:${ports.api}`,
    SMS_API_URL: `${sandboxBase(ports.sandbox)}/sms/v1/messages`,
    // The issuers the apps fetch and tokens name: the sandbox on this run's port.
    SANDBOX_PUBLIC_URL: sandboxBase(ports.sandbox),
    ...Object.fromEntries(Object.values(BENCH_CLIENT_SECRETS).map(({ ref, value }) => [ref, value])),
    // Figure 7 submits hundreds of applications a second for a few citizens: the per-person
    // abuse guard (60 an hour by default) would answer 429 after the first minute's worth.
    SUBMISSIONS_PER_HOUR: '10000000',
    QUEUE_PREFIX,
    // Request logging at info would measure pino writing to a pipe, not the app.
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // Production refuses the development key: the bench's own, one per run (api and worker share it).
    SECRETS_ENCRYPTION_KEY: BENCH_SECRETS_KEY,
  };
}

/** Where browsers and the apps reach the sandbox's identity providers (under /eid, /staff). */
function sandboxBase(port) {
  return `http://localhost:${port}`;
}

/**
 * Starts the built api, admin, worker and sandbox (the identity providers of figures 7 and 8)
 * on free ports (another `npm start` may hold the default ones) and waits until each answers
 * /health.
 * @returns {Promise<Record<'api' | 'admin' | 'worker' | 'sandbox', { port: number, pid: number }> & { sandboxBase: string }>}
 */
export async function startApps(stack) {
  const names = ['api', 'admin', 'worker', 'sandbox'];
  const ports = {};
  for (const name of [...names, 'smtp']) ports[name] = await freePort();
  log(
    `starting api (:${ports.api}), admin (:${ports.admin}), worker (:${ports.worker}) and sandbox (:${ports.sandbox}, SMTP :${ports.smtp})`,
  );
  const apps = {};
  await Promise.all(
    APPS.filter((app) => names.includes(app.name)).map((app) => {
      const env = benchAppEnv(stack, ports, app.name);
      // BENCH_PROFILE=worker (or api,worker…): those apps write a V8 CPU profile to bench/profiles/ when they stop.
      const profile = (process.env.BENCH_PROFILE ?? '').split(',').includes(app.name)
        ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench', 'profiles')}`]
        : [];
      const handle = startService(app.name, process.execPath, [...profile, app.entry], { env });
      apps[app.name] = { port: ports[app.name], pid: handle.child.pid };
      return waitForHealth(app.name, ports[app.name], handle);
    }),
  );
  return { ...apps, sandboxBase: sandboxBase(ports.sandbox) };
}

/** The hello-world baseline in its own process: its port, pid and a stop function. */
export async function startHello() {
  const port = await freePort();
  const handle = startService('hello', process.execPath, ['scripts/bench/hello-server.mjs', String(port)]);
  await waitForHealth('hello', port, handle);
  return { port, pid: handle.child.pid, stop: () => stopHandle(handle, 5000) };
}

/**
 * `cli operator-create`, with the password on standard input (as an operator would pipe it),
 * so the password never appears in a process listing.
 */
export async function createOperator(stack, { email, name, password }) {
  const child = spawn(process.execPath, [CLI_ENTRY, 'operator-create', '--email', email, '--name', name], {
    cwd: ROOT,
    env: cliEnv(stack, stack.redisUrl),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.stdin.end(`${password}\n`);
  const result = await new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  if (result.code !== 0) {
    throw new LauncherError(`operator-create failed (${describeExit(result)}): ${output.trim()}`);
  }
}

/** A pool on the bench database (as the app role unless told otherwise), closed at exit. */
export function pool(url, options = {}) {
  const created = new pg.Pool({ connectionString: url, ...options });
  created.on('error', () => {}); // an idle client losing its server must not crash the bench
  onCleanup(() => (created.ending ? undefined : created.end().catch(() => {})));
  return created;
}

/** A port nothing listens on now (on every interface, as the apps listen). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(name, port, handle) {
  let exited = null;
  handle.exited.then((result) => (exited = result));
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new LauncherError(`${name} exited during startup (${describeExit(exited)})`);
    if ((await healthStatus(port)) === 200) return;
    await sleep(200);
  }
  throw new LauncherError(`${name} did not answer 200 on :${port}/health within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

function healthStatus(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}
