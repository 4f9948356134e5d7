/** Where the test setup finds PostgreSQL and Redis: given by `npm test`, else the local defaults. */
export const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Set by the global setup for this run (test/support/global-setup.mjs).
const RUN = process.env.TOWNHALL_TEST_RUN;
if (!RUN) throw new Error('TOWNHALL_TEST_RUN is not set: run the tests with `npm test`');
export const TEMPLATE_DATABASE = `townhall_tpl_${RUN}`;
export const TEST_DATABASE_PREFIX = `townhall_t_${RUN}_`;
