import type { INestApplication } from '@nestjs/common';
import { createHttpApp, loadConfig } from '@townhall/platform';
import { SandboxConfig } from '../../apps/sandbox/src/sandbox.config.js';
import { SandboxModule } from '../../apps/sandbox/src/sandbox.module.js';
import type { HttpBrowser } from './http-browser.js';
import { freePort } from './processes.js';

/** The sandbox (national eID, staff and operators' providers) in this process, on a port of its own. */
export async function startSandbox(): Promise<{ app: INestApplication; base: string }> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const config = loadConfig(SandboxConfig, { SANDBOX_PUBLIC_URL: base, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const app = await createHttpApp(SandboxModule.forRoot(config), {
    title: 'sandbox',
    description: 'test',
    logger: false,
    swaggerUi: false,
    crossSiteFormRedirects: true,
  });
  await app.listen(port, '127.0.0.1');
  return { app, base };
}

/**
 * Starts a login at an app, picks a persona (and level, and one-time code) on the sandbox's
 * page, and follows the provider's redirects up to the app's callback, not yet visited.
 */
export async function pickPersona(
  browser: HttpBrowser,
  start: string,
  form: Record<string, string>,
): Promise<{ authorize: URL; callback: string }> {
  const started = await browser.request(start);
  if (started.status !== 302 || !started.location)
    throw new Error(`login start answered ${started.status}: ${started.body}`);
  const authorize = new URL(started.location);
  const picker = await browser.follow(await browser.request(authorize.toString()));
  if (picker.status !== 200) throw new Error(`the provider's page answered ${picker.status}`);
  const code = /The sandbox shows the code it expects: (\d+)/.exec(picker.body)?.[1];
  const picked = await browser.request(`${picker.url}/login`, { form: { ...(code ? { code } : {}), ...form } });
  const back = await browser.follow(picked, (url) => url.includes('/auth/callback'));
  if (!back.location?.includes('/auth/callback'))
    throw new Error(`the provider did not send the browser back: ${back.status} ${back.body.slice(0, 300)}`);
  return { authorize, callback: back.location };
}

/**
 * A municipality's identity providers at the sandbox, as its tenant file would name them,
 * with the client secrets put into this process's environment under the names the settings
 * refer to (as a deployment's environment holds them). `client` is the sandbox client's
 * municipality: 'tartu' gives tartu-portal and tartu-office.
 */
export function sandboxProviders(
  base: string,
  client = 'tartu',
  which: ('citizen' | 'staff')[] = ['citizen', 'staff'],
): Record<string, { issuer: string; clientId: string; clientSecretRef: string }> {
  const providers: Record<string, { issuer: string; clientId: string; clientSecretRef: string }> = {};
  for (const kind of which) {
    const clientId = `${client}-${kind === 'citizen' ? 'portal' : 'office'}`;
    const ref = `TEST_${clientId.replace(/-/g, '_').toUpperCase()}_SECRET`;
    process.env[ref] = `sandbox-secret-${clientId}`;
    providers[kind] = { issuer: `${base}/${kind === 'citizen' ? 'eid' : 'staff'}`, clientId, clientSecretRef: ref };
  }
  return providers;
}
