// What the launcher passes to the built apps: entry files, ports and environment.
// Node built-ins only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

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
  SANDBOX_SMTP_PORT: '2525',
  PLATFORM_DOMAIN: 'localhost',
  NODE_ENV: 'development',
};

/** The environment's settings with their defaults filled in. */
export function settings() {
  const values = {};
  for (const [name, fallback] of Object.entries(DEFAULTS)) values[name] = process.env[name] || fallback;
  // Messages leave through the sandbox's mail server and SMS provider, and link to the portal,
  // wherever the ports were moved (development defaults; a deployment sets its own).
  values.SMTP_URL = process.env.SMTP_URL || `smtp://127.0.0.1:${values.SANDBOX_SMTP_PORT}`;
  values.SMS_API_URL = process.env.SMS_API_URL || `http://localhost:${values.SANDBOX_PORT}/sms/v1/messages`;
  values.PORTAL_URL = process.env.PORTAL_URL || `http://{slug}.${values.PLATFORM_DOMAIN}:${values.API_PORT}`;
  return values;
}

/**
 * The environment for the admin CLI: the platform and owner database URLs, Redis, settings.
 * @param {{ appUrl: string, platformUrl: string, ownerUrl: string }} database
 * @param {string} redisUrl
 */
export function cliEnv(database, redisUrl) {
  return {
    ...process.env,
    ...settings(),
    DATABASE_URL: database.platformUrl,
    DATABASE_OWNER_URL: database.ownerUrl,
    REDIS_URL: redisUrl,
  };
}

/**
 * The environment for a running app: the tenant host (api) connects as the app role, which
 * cannot write tenants or read operators; admin, worker and sandbox as the platform role.
 * Never the owner role.
 */
export function appEnv(database, redisUrl, app) {
  const env = { ...sandboxClientSecrets(), ...cliEnv(database, redisUrl) };
  delete env.DATABASE_OWNER_URL;
  delete env.DATABASE_PLATFORM_URL;
  env.DATABASE_URL = app === 'api' ? database.appUrl : database.platformUrl;
  return env;
}

/**
 * DEVELOPMENT DEFAULTS, not secrets: the client secrets the sandbox's identity providers
 * give each client ('sandbox-secret-<client id>'), under the names tenants/ refer to them
 * by (clientSecretRef), and the payment gateway's merchant secrets
 * ('sandbox-pay-secret-<merchant id>', secretRef). A real deployment sets these variables to the real providers'
 * secrets; values already in the environment win.
 */
export function sandboxClientSecrets(tenantsDir = 'tenants') {
  const secrets = {};
  if (!existsSync(tenantsDir)) return secrets;
  for (const slug of readdirSync(tenantsDir)) {
    const file = `${tenantsDir}/${slug}/tenant.yaml`;
    if (!existsSync(file)) continue;
    // Each provider block names its clientId, then its clientSecretRef.
    let clientId;
    let merchantId;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const id = /^\s*clientId:\s*['"]?([\w.-]+)/.exec(line);
      if (id) clientId = id[1];
      const ref = /^\s*clientSecretRef:\s*['"]?([A-Z][A-Z0-9_]*)/.exec(line);
      if (ref && clientId) secrets[ref[1]] = `sandbox-secret-${clientId}`;
      // The payment gateway's merchant: merchantId, then secretRef (Sandbox Pay's secret of it).
      const merchant = /^\s*merchantId:\s*['"]?([\w.-]+)/.exec(line);
      if (merchant) merchantId = merchant[1];
      const secretRef = /^\s*secretRef:\s*['"]?([A-Z][A-Z0-9_]*)/.exec(line);
      if (secretRef && merchantId) secrets[secretRef[1]] = `sandbox-pay-secret-${merchantId}`;
    }
  }
  return secrets;
}
