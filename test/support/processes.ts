import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

/** The built apps (`npm run build`), run as real processes the way production runs them. */
export type BuiltApp = 'api' | 'admin' | 'worker' | 'sandbox';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function builtEntry(app: BuiltApp): string {
  return join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
}

/** A port nobody listens on right now: the kernel picks one, we release it and hand it on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process ended. */
  at: number;
}

export interface AppProcess {
  child: ChildProcess;
  pid: number;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has ended (never rejects). */
  exited: Promise<Exit>;
  /** The exit once it happened, else null. */
  exit(): Exit | null;
}

/**
 * Starts a built app with exactly the given environment (plus PATH/HOME, nothing else
 * of ours leaks in: a DATABASE_URL in the test runner's environment must not reach it).
 */
export function spawnApp(app: BuiltApp, env: Record<string, string | undefined>): AppProcess {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    if (process.env[key] !== undefined) base[key] = process.env[key]!;
  }
  const merged: Record<string, string> = { ...base };
  // As `npm start` does: the tenant host as the app role, the others as the platform role.
  const own = app === 'api' || !env.PLATFORM_DATABASE_URL ? env : { ...env, DATABASE_URL: env.PLATFORM_DATABASE_URL };
  for (const [key, value] of Object.entries(own)) if (value !== undefined) merged[key] = value;
  const child = spawn(process.execPath, [builtEntry(app)], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  let ended: Exit | null = null;
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      ended = { code, signal, at: Date.now() };
      resolve(ended);
    });
    child.on('error', () => {
      ended ??= { code: null, signal: null, at: Date.now() };
      resolve(ended);
    });
  });
  return { child, pid: child.pid!, stdout: () => out, stderr: () => err, exited, exit: () => ended };
}

/** GET a path on 127.0.0.1 with a fresh connection; resolves the status (or rejects). */
export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  timeoutMs = 2000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Waits until the app answers 200 on /health; fails at once if the process ends first. */
export async function waitForHealth(app: AppProcess, port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = app.exit();
    if (exit) {
      throw new Error(
        `process ${app.pid} ended (code ${exit.code}, signal ${exit.signal}) before /health answered:\n${app.stderr()}${app.stdout().slice(-4000)}`,
      );
    }
    const ok = await httpGet(port, '/health', {}, 1000).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`process ${app.pid}: /health did not answer on ${port} in ${timeoutMs} ms:\n${app.stderr()}`);
    await sleep(100);
  }
}

/** Waits for the exit, or null when it does not come in time. */
export async function exitWithin(app: AppProcess, ms: number): Promise<Exit | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([app.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILLs the process if it still runs and waits for it to end (for afterAll). */
export async function stopProcess(app: AppProcess | undefined): Promise<void> {
  if (!app || app.exit()) return;
  app.child.kill('SIGKILL');
  await exitWithin(app, 5000);
}

/** Polls until check() returns a truthy value; throws with the description on timeout. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs: number,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A redis-server of a test's own (no persistence) with the given eviction policy, returned
 * once it answers: for faults that need to stop Redis, or a Redis the apps must refuse.
 */
export async function startRedisServer(port: number, policy: 'noeviction' | 'allkeys-lru'): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--maxmemory-policy', policy, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitUntil(
    'our redis-server to answer',
    async () => {
      const client = new Redis(`redis://127.0.0.1:${port}`, {
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      });
      client.on('error', () => undefined);
      const answered = await client.connect().then(
        () => true,
        () => false,
      );
      client.disconnect();
      return answered || null;
    },
    10_000,
    100,
  );
  return server;
}
