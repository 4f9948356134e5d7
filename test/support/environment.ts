/** Where the test setup finds PostgreSQL and Redis: given by `npm test`, else the local defaults. */
export const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEMPLATE_DATABASE = 'townhall_test_template';
export const TEST_DATABASE_PREFIX = 'townhall_t_';
