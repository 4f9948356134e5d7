import type { INestApplication } from '@nestjs/common';
import { createHttpApp, loadConfig } from '@townhall/platform';
import type { MailMessage, MailStats, MailSummary } from '../../apps/sandbox/src/mail/mailbox.js';
import { SandboxConfig } from '../../apps/sandbox/src/sandbox.config.js';
import { SandboxModule } from '../../apps/sandbox/src/sandbox.module.js';
import type { SmsMessage } from '../../apps/sandbox/src/sms/sms-outbox.js';
import type { WebhookReceipt } from '../../apps/sandbox/src/webhooks/webhook-receivers.js';
import type { HttpBrowser } from './http-browser.js';
import { freePort } from './processes.js';

/**
 * The sandbox (national eID, staff and operators' providers, business register, mail server,
 * SMS provider and webhook receiver) in this process, its HTTP API and its SMTP server each on a port of its own.
 */
export async function startSandbox(): Promise<{ app: INestApplication; base: string; smtpPort: number }> {
  const port = await freePort();
  const smtpPort = await freePort();
  const base = `http://localhost:${port}`;
  const config = loadConfig(SandboxConfig, {
    SANDBOX_PUBLIC_URL: base,
    SANDBOX_SMTP_PORT: String(smtpPort),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
  });
  const app = await createHttpApp(SandboxModule.forRoot(config), {
    title: 'sandbox',
    description: 'test',
    logger: false,
    swaggerUi: false,
    crossSiteFormRedirects: true,
    rawBody: true,
  });
  await app.listen(port, '127.0.0.1');
  return { app, base, smtpPort };
}

/** The bearer token the sandbox's SMS provider accepts (its development default). */
export const SANDBOX_SMS_TOKEN = 'sandbox-sms-token';

/** What the sandbox's mailbox API says of a message (see apps/sandbox/src/mail/mailbox.ts). */
export type SandboxMail = MailSummary;

/** Which mail: a recipient's address, a part of the subject, a delivery key. */
type MailQuery = { to?: string; subject?: string; deliveryKey?: string };

/**
 * The sandbox's mailbox and SMTP server controls, for tests that check what the product
 * sent (`base` as startSandbox returns it).
 */
export function mailbox(base: string) {
  async function call<T>(method: string, path: string): Promise<T> {
    const response = await fetch(`${base}${path}`, { method });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  /** Received mail, newest first, without bodies. */
  const messages = (query: MailQuery & { limit?: number } = {}) => {
    const params = new URLSearchParams(
      Object.entries(query)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]): [string, string] => [key, String(value)]),
    );
    return call<{ total: number; messages: SandboxMail[] }>('GET', `/mail/v1/messages?${params}`);
  };
  return {
    messages,
    /** One whole message, with its text and HTML bodies. */
    message: (id: string) => call<MailMessage>('GET', `/mail/v1/messages/${encodeURIComponent(id)}`),
    stats: () => call<MailStats>('GET', '/mail/v1/stats'),
    clear: () => call<void>('DELETE', '/mail/v1/messages'),
    /** Stops the SMTP server: its port refuses connections until startSmtp(). */
    stopSmtp: () => call<{ running: boolean }>('POST', '/mail/v1/server/stop'),
    startSmtp: () => call<{ running: boolean }>('POST', '/mail/v1/server/start'),
    /**
     * Waits until `count` messages match the query (mail is delivered by jobs, a moment after
     * the request that causes it), and returns them; fails after `timeoutMs`.
     */
    async waitFor(query: MailQuery, count = 1, timeoutMs = 10_000): Promise<SandboxMail[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await messages({ ...query, limit: 1000 });
        if (found.total >= count) return found.messages;
        if (Date.now() > deadline)
          throw new Error(`${found.total} of ${count} messages matching ${JSON.stringify(query)} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** What the sandbox's SMS provider says of a message it accepted. */
export type SandboxSms = SmsMessage;

/** The sandbox's SMS provider as tests read and steer it (`base` as startSandbox returns it). */
export function smsProvider(base: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  return {
    /** Accepted messages, newest first (to one number, or all). */
    messages: (to?: string) =>
      call<{ total: number; messages: SandboxSms[] }>(
        'GET',
        `/sms/v1/messages?${new URLSearchParams({ limit: '1000', ...(to ? { to } : {}) })}`,
      ),
    clear: () => call<void>('DELETE', '/sms/v1/messages'),
    /** Every send answers `status` (500-599) until recover(). */
    fail: (status: number) => call<{ status: number | null }>('PUT', '/sms/v1/faults', { status }),
    recover: () => call<{ status: number | null }>('PUT', '/sms/v1/faults', { status: null }),
  };
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

/** What the sandbox's webhook receiver says of a request it got (see apps/sandbox/src/webhooks). */
export type SandboxWebhookReceipt = WebhookReceipt;

/**
 * A city system's webhook receiver at the sandbox, named `name`, as tests steer and read it
 * (`base` as startSandbox returns it). Its address is `url`.
 */
export function webhookReceiver(base: string, name: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }
  const receipts = async () =>
    (await call<{ receipts: WebhookReceipt[] }>('GET', `/webhooks/v1/receivers/${name}/receipts`)).receipts;
  return {
    url: `${base}/webhooks/v1/receive/${name}`,
    /** Makes (or remakes, forgetting what it got) the receiver, checking signatures with `secret`. */
    configure: (secret: string) => call<unknown>('PUT', `/webhooks/v1/receivers/${name}`, { secret }),
    /** The next `count` requests answer `status` (fail) or nothing until the sender gives up (hang). */
    fault: (mode: 'fail' | 'hang' | null, count = 1, status?: number) =>
      call<unknown>('PUT', `/webhooks/v1/receivers/${name}/faults`, { mode, count, ...(status ? { status } : {}) }),
    /** Newest first. */
    receipts,
    /** Waits until a receipt matches, and returns it; fails after `timeoutMs`. */
    async waitFor(match: (receipt: WebhookReceipt) => boolean, timeoutMs = 15_000): Promise<WebhookReceipt> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await receipts()).find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching receipt at ${name}: ${JSON.stringify(await receipts())}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    /** Posts a request as given (a replayed, altered or forged webhook); answers the status and verdict. */
    async post(headers: Record<string, string>, body: string): Promise<{ status: number; verdict: string }> {
      const response = await fetch(`${base}/webhooks/v1/receive/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
      return { status: response.status, verdict: ((await response.json()) as { verdict: string }).verdict };
    },
  };
}
