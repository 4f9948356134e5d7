// What the launcher passes to the built apps: entry files, ports and environment.
// Node built-ins only.

/** The admin CLI (sub-commands: migrate, tenants-apply, operator-create). */
export const CLI_ENTRY = 'dist/apps/admin/src/cli.js';

/** The four apps `npm start` runs, each answering GET /health on its port. */
export const APPS = [
  { name: 'api', entry: 'dist/apps/api/src/main.js', portVariable: 'API_PORT' },
  { name: 'admin', entry: 'dist/apps/admin/src/main.js', portVariable: 'ADMIN_PORT' },
  { name: 'worker', entry: 'dist/apps/worker/src/main.js', portVariable: 'WORKER_PORT' },
  { name: 'sandbox', entry: 'dist/apps/sandbox/src/main.js', portVariable: 'SANDBOX_PORT' },
];

const DEFAULTS = {
  API_PORT: '3000',
  ADMIN_PORT: '3001',
  WORKER_PORT: '3002',
  SANDBOX_PORT: '4000',
  PLATFORM_DOMAIN: 'localhost',
  NODE_ENV: 'development',
};

/** The environment's settings with their defaults filled in. */
export function settings() {
  const values = {};
  for (const [name, fallback] of Object.entries(DEFAULTS)) values[name] = process.env[name] || fallback;
  return values;
}

/**
 * The environment for the admin CLI: the app and owner database URLs, Redis, and settings.
 * @param {{ appUrl: string, ownerUrl: string }} database
 * @param {string} redisUrl
 */
export function cliEnv(database, redisUrl) {
  return {
    ...process.env,
    ...settings(),
    DATABASE_URL: database.appUrl,
    DATABASE_OWNER_URL: database.ownerUrl,
    REDIS_URL: redisUrl,
  };
}

/** The environment for a running app: like the CLI's, but without the owner role. */
export function appEnv(database, redisUrl) {
  const env = cliEnv(database, redisUrl);
  delete env.DATABASE_OWNER_URL;
  return env;
}
