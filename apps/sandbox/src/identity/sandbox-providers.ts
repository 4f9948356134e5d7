import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import nunjucks from 'nunjucks';
import { Provider, type AccountClaims, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { CITIZENS, OPERATORS, SEED_MUNICIPALITIES, STAFF } from './personas.js';
import { PICKER_TEMPLATE } from './picker.template.js';

/** The three identity providers the sandbox stands in for. */
export type ProviderKind = 'eid' | 'staff' | 'operators';
export const PROVIDER_KINDS: readonly ProviderKind[] = ['eid', 'staff', 'operators'];
export const LEVELS = ['low', 'substantial', 'high'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * DEVELOPMENT DEFAULT: the sandbox's client secret for a client id. A real provider issues
 * secrets at registration; the sandbox's are known so that `npm start` and tests can use them.
 */
export function sandboxClientSecret(clientId: string): string {
  return `sandbox-secret-${clientId}`;
}

/** Clients registered at each provider: every seed municipality's, and the admin app's. */
function clientIds(kind: ProviderKind): string[] {
  if (kind === 'operators') return ['townhall-admin'];
  const suffix = kind === 'eid' ? 'portal' : 'office';
  return [...SEED_MUNICIPALITIES.map((m) => `${m}-${suffix}`), `test-${suffix}`];
}

/** A redirect the sandbox accepts: any path on a host of the platform domain or localhost. */
function redirectAllowed(uri: string, platformDomain: string): boolean {
  try {
    const url = new URL(uri);
    const host = url.hostname;
    const domains = ['localhost', platformDomain];
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      domains.some((d) => host === d || host.endsWith(`.${d}`)) &&
      url.hash === ''
    );
  } catch {
    return false;
  }
}

interface Account {
  accountId: string;
  claims: Record<string, unknown>;
}

/**
 * The subject a provider gives a persona. As Estonia's TARA, the national eID's subject is the
 * country-prefixed personal code where there is one; staff and operators are their handles.
 */
export function subjectOf(kind: ProviderKind, key: string): string {
  if (kind !== 'eid') return key;
  const persona = CITIZENS.find((p) => p.key === key);
  return persona?.personalCode ? `${persona.country}${persona.personalCode}` : `EU-${key}`;
}

/** What each provider says of its people (claims by scope: profile for eID, email for staff). */
function findAccountOf(kind: ProviderKind, subject: string): Account | undefined {
  if (kind === 'eid') {
    const persona = CITIZENS.find((p) => subjectOf(kind, p.key) === subject);
    if (!persona) return undefined;
    return {
      accountId: subject,
      claims: {
        sub: subject,
        given_name: persona.givenName,
        family_name: persona.familyName,
        name: `${persona.givenName} ${persona.familyName}`,
        birthdate: persona.birthdate,
        personal_code: persona.personalCode,
        personal_code_country: persona.country,
      },
    };
  }
  const persona = (kind === 'staff' ? STAFF : OPERATORS).find((p) => p.key === subject);
  if (!persona) return undefined;
  return {
    accountId: subject,
    claims: { sub: subject, name: persona.name, email: persona.email, email_verified: true },
  };
}

export interface SandboxProviders {
  providers: Map<ProviderKind, Provider>;
  /** A node request handler serving every provider under /<kind>, or calling next(). */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void;
}

/** Builds the providers: discovery, JWKS (a key made at start), code flow, logout. */
export async function createSandboxProviders(baseUrl: string, platformDomain: string): Promise<SandboxProviders> {
  const providers = new Map<ProviderKind, Provider>();
  const callbacks = new Map<ProviderKind, (req: IncomingMessage, res: ServerResponse) => unknown>();
  for (const kind of PROVIDER_KINDS) {
    const provider = await createProvider(kind, baseUrl, platformDomain);
    providers.set(kind, provider);
    callbacks.set(kind, provider.callback());
  }
  const views = new nunjucks.Environment(null, { autoescape: true });
  const picker = nunjucks.compile(PICKER_TEMPLATE, views);

  const handle = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const url = req.url ?? '/';
    const kind = PROVIDER_KINDS.find((k) => url === `/${k}` || url.startsWith(`/${k}/`) || url.startsWith(`/${k}?`));
    if (!kind) return next();
    const provider = providers.get(kind)!;
    const rest = url.slice(kind.length + 1) || '/';
    const interaction = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(rest.split('?')[0]);
    if (interaction) {
      void handleInteraction(kind, provider, picker, req, res, interaction[2] === '/login').catch((error: Error) => {
        res.statusCode = 400;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(`The login could not continue: ${error.message}`);
      });
      return;
    }
    // oidc-provider finds its mount path from originalUrl minus url, as under Express.
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = rest;
    void callbacks.get(kind)!(req, res);
  };
  return { providers, handle };
}

async function createProvider(kind: ProviderKind, baseUrl: string, platformDomain: string): Promise<Provider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  const configuration: Configuration = {
    clients: clientIds(kind).map((client_id) => ({
      client_id,
      client_secret: sandboxClientSecret(client_id),
      redirect_uris: [`http://${client_id}.localhost/auth/callback`],
      post_logout_redirect_uris: [`http://${client_id}.localhost/`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // As passport-openidconnect's token client sends it (TARA accepts both).
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: { keys: [jwk as never] },
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => {
      const account = findAccountOf(kind, sub);
      return account ? { accountId: account.accountId, claims: () => account.claims as AccountClaims } : undefined;
    },
    claims:
      kind === 'eid'
        ? {
            amr: null,
            openid: ['sub', 'amr'],
            profile: ['name', 'given_name', 'family_name', 'birthdate', 'personal_code', 'personal_code_country'],
          }
        : { amr: null, openid: ['sub', 'amr'], profile: ['name'], email: ['email', 'email_verified'] },
    scopes: ['openid', 'profile', 'email'],
    // As national eIDs do: the person's claims travel in the ID token itself.
    conformIdTokenClaims: false,
    acrValues: [...LEVELS],
    interactions: { url: (_ctx, interaction) => `/${kind}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      claimsParameter: { enabled: false },
    },
    pkce: { required: () => false },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    ttl: { AuthorizationCode: 60, IdToken: 600, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  };
  const provider = new Provider(`${baseUrl}/${kind}`, configuration);
  provider.proxy = false;
  provider.Client.prototype.redirectUriAllowed = function (uri: string) {
    return redirectAllowed(uri, platformDomain);
  };
  provider.Client.prototype.postLogoutRedirectUriAllowed = function (uri: string) {
    return redirectAllowed(uri, platformDomain);
  };
  return provider;
}

/** The persona picker: GET shows it, POST …/login logs the chosen persona in at the chosen level. */
async function handleInteraction(
  kind: ProviderKind,
  provider: Provider,
  picker: nunjucks.Template,
  req: IncomingMessage,
  res: ServerResponse,
  submitted: boolean,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const requested = String(details.params.acr_values ?? '')
    .split(' ')
    .find((v): v is Level => (LEVELS as readonly string[]).includes(v));
  const personas =
    kind === 'eid'
      ? CITIZENS.map((p) => ({
          key: p.key,
          label: `${p.givenName} ${p.familyName}`,
          code: p.personalCode,
          description: p.description,
        }))
      : (kind === 'staff' ? STAFF : OPERATORS).map((p) => ({
          key: p.key,
          label: p.name,
          code: p.email,
          description: 'description' in p ? p.description : '',
        }));
  // The operators' provider always asks for a second factor, and then asserts 'high'.
  const secondFactor = kind === 'operators';
  const oneTimeCode = secondFactor
    ? String(Number.parseInt(details.uid.replace(/\D/g, '').slice(0, 6) || '0', 10) % 1_000_000).padStart(6, '0')
    : null;

  const render = (status: number, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(
      picker.render({
        kind,
        title: TITLES[kind],
        action: `/${kind}/interaction/${details.uid}/login`,
        personas,
        levels: secondFactor ? ['high'] : LEVELS,
        level: values.level ?? requested ?? 'substantial',
        persona: values.persona,
        secondFactor,
        oneTimeCode,
        errors,
        errorList: Object.entries(errors).map(([field, text]) => ({ field, text })),
      }),
    );
  };

  if (!submitted || req.method !== 'POST') return render(200);
  const form = new URLSearchParams(await readBody(req));
  const values = Object.fromEntries(['persona', 'level', 'code'].map((f) => [f, form.get(f) ?? '']));
  const errors: Record<string, string> = {};
  if (!personas.some((p) => p.key === values.persona)) errors.persona = 'Choose who to log in as';
  const level = secondFactor ? 'high' : values.level;
  if (!(LEVELS as readonly string[]).includes(level)) errors.level = 'Choose a level of assurance';
  if (secondFactor && values.code !== oneTimeCode) errors.code = 'Enter the one-time code shown above';
  if (Object.keys(errors).length > 0) return render(400, errors, values);

  const accountId = subjectOf(kind, values.persona);
  const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope ?? 'openid'));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    {
      login: { accountId, acr: level, amr: secondFactor ? ['pwd', 'otp'] : ['eid'] },
      consent: { grantId },
    },
    { mergeWithLastSubmission: false },
  );
}

const TITLES: Record<ProviderKind, string> = {
  eid: 'Sandbox national eID: log in as a test person',
  staff: 'Sandbox staff login: log in as a municipal employee',
  operators: 'Sandbox platform login: operator with a second factor',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) reject(new Error('the form is too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
