// Runs in plain Node before the test files (jest's transforms do not apply here), so it
// uses the built CLI's migrations: `npm test` builds first.
import { existsSync } from 'node:fs';
import { ensureDatabase } from '../../scripts/lib/postgres.mjs';

export const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// Names of this run's own: two runs on one server (two checkouts, CI beside a developer)
// never drop each other's databases.
const RUN = process.env.TOWNHALL_TEST_RUN ?? `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
process.env.TOWNHALL_TEST_RUN = RUN;
export const TEMPLATE_DATABASE = `townhall_tpl_${RUN}`;
export const TEST_DATABASE_PREFIX = `townhall_t_${RUN}_`;

const MIGRATE = new URL('../../dist/apps/admin/src/cli/migrate.command.js', import.meta.url);

/**
 * Builds a migrated template database once per run; each test file copies it (CREATE
 * DATABASE … TEMPLATE, a fraction of a second) so files never see each other's rows.
 */
export default async function globalSetup() {
  if (!existsSync(MIGRATE)) throw new Error('dist/ is missing: run the tests with `npm test` (it builds first)');
  const { migrate } = await import(MIGRATE.href);
  const { ownerUrl } = await ensureDatabase(SERVER_URL, TEMPLATE_DATABASE, { fresh: true });
  await migrate(ownerUrl, () => undefined);
}
