// Finds a Redis server, or starts a local redis-server for the launcher's lifetime.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import {
  LauncherError,
  ROOT,
  describeExit,
  findOnPath,
  log,
  onCleanup,
  redactUrl,
  sleep,
  startBackground,
  stopHandle,
} from './proc.mjs';

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const REDIS_DIR = path.join(ROOT, '.data', 'redis');
const START_TIMEOUT_MS = 10_000;

/**
 * REDIS_URL (default redis://127.0.0.1:6379) if it answers; otherwise, for a loopback
 * address, a redis-server started here and stopped when the launcher exits.
 * @returns {Promise<{ url: string }>}
 */
export async function ensureRedis() {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const probe = await probeRedis(url);
  if (probe.ok) {
    log(`using Redis at ${redactUrl(url)}`);
    warnIfEvicting(url, probe.policy);
    return { url };
  }
  const { hostname, port } = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
    throw new LauncherError(`Redis is not answering at ${redactUrl(url)}: ${probe.reason}`);
  }
  if (!findOnPath('redis-server')) {
    throw new LauncherError(
      `Redis is not running at ${redactUrl(url)} and redis-server is not installed: install Redis (apt-get install redis-server) or set REDIS_URL`,
    );
  }
  await startRedisServer(url, Number(port) || 6379);
  return { url };
}

/** PING with a short timeout and no retries; also reads maxmemory-policy when allowed. */
async function probeRedis(url) {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Without a listener ioredis prints "Unhandled error event"; keep the cause, which is
  // more telling than the "Connection is closed" the promises below reject with.
  let connectionError;
  client.on('error', (error) => (connectionError = error));
  try {
    await client.connect();
    await client.ping();
    const policy = await client
      .config('GET', 'maxmemory-policy')
      .then((reply) => reply[1])
      .catch(() => undefined); // CONFIG may be disabled (managed Redis)
    return { ok: true, policy };
  } catch (error) {
    return { ok: false, reason: (connectionError ?? error).message };
  } finally {
    client.disconnect();
  }
}

function warnIfEvicting(url, policy) {
  // Bull keeps jobs in Redis: an evicting policy can silently drop queued jobs.
  if (policy && policy !== 'noeviction') {
    log(`warning: Redis at ${redactUrl(url)} has maxmemory-policy ${policy}; Bull needs noeviction`);
  }
}

async function startRedisServer(url, port) {
  mkdirSync(REDIS_DIR, { recursive: true });
  const logFile = path.join(REDIS_DIR, 'redis.log');
  const args = [
    ['--port', String(port)],
    // '-::1': also the IPv6 loopback when the machine has it ("localhost" may resolve to it).
    ['--bind', '127.0.0.1', '-::1'],
    ['--dir', REDIS_DIR],
    ['--logfile', logFile],
    // A scratch server: no snapshots, no append-only file.
    ['--save', ''],
    ['--appendonly', 'no'],
    ['--maxmemory-policy', 'noeviction'],
  ].flat();
  const password = decodeURIComponent(new URL(url).password);
  if (password) args.push('--requirepass', password);

  log(
    `Redis is not running at ${redactUrl(url)}: starting redis-server on port ${port} (log: ${path.relative(ROOT, logFile)})`,
  );
  const handle = startBackground('redis', 'redis-server', args);
  onCleanup(async () => {
    log('stopping redis-server');
    await stopHandle(handle, 5000);
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = null;
  handle.exited.then((result) => (exited = result));
  while (Date.now() < deadline) {
    if (exited) {
      throw new LauncherError(`redis-server exited (${describeExit(exited)}): ${lastLines(logFile)}`);
    }
    if ((await probeRedis(url)).ok) return;
    await sleep(100);
  }
  throw new LauncherError(`redis-server did not answer within ${START_TIMEOUT_MS / 1000} s: ${lastLines(logFile)}`);
}

function lastLines(file, count = 3) {
  if (!existsSync(file)) return 'no log';
  return readFileSync(file, 'utf8').trim().split('\n').slice(-count).join(' | ');
}
