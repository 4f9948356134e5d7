import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { PlatformConfig, secretFromEnvironment } from '@townhall/platform';
import { TenantChanges, TenantsRepository, type TenantIdentityProvider } from '@townhall/tenancy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Passport } from 'passport';
import { AuthAudit } from '../audit/auth-audit.js';
import { Sessions, type LiveSession } from '../sessions/sessions.js';
import type { AssuranceLevel, PendingLogin, SessionRealm } from '../sessions/session.types.js';
import { OidcDiscovery, ProviderUnavailableError } from './oidc-discovery.js';
import {
  newLoginState,
  TownhallOidcStrategy,
  type StrategyRequest,
  type VerifiedLogin,
} from './townhall-oidc.strategy.js';

/** A login that cannot go on, with what the person should know; audited before it is thrown. */
export class LoginRefused extends HttpException {
  constructor(message: string, status: number = HttpStatus.BAD_REQUEST) {
    super(message, status);
  }
}

/** Which provider (one of a municipality's, or the platform's), and where it sends the browser back. */
export interface LoginAudience {
  realm: SessionRealm;
  provider: keyof TenantIdentityProvider | 'operator';
  callbackPath: string;
}

/** The platform's own provider (operators), given by the admin app from its configuration. */
export interface PlatformProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}
export const PLATFORM_PROVIDER = Symbol('PLATFORM_PROVIDER');

export interface FinishedLogin extends VerifiedLogin {
  pending: PendingLogin;
  session: LiveSession | null;
}

type Outcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'success'; login: VerifiedLogin }
  | { kind: 'fail'; message: string }
  | { kind: 'error'; error: Error };

/** A login may wait this long at the provider. */
const PENDING_LOGIN_MS = 15 * 60 * 1000;

/**
 * Logs people in to a municipality through its own OpenID Connect providers, with
 * passport-openidconnect: one strategy per municipality and provider ('oidc:<slug>:citizen'),
 * built from the municipality's settings and the provider's discovery document, rebuilt
 * when the settings change. Every login request, redirect and ID token is audited.
 */
@Injectable()
export class OidcLogin {
  private readonly logger = new Logger(OidcLogin.name);
  private readonly passport = new Passport();
  private readonly strategies = new Map<string, Promise<TownhallOidcStrategy>>();

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly discovery: OidcDiscovery,
    private readonly sessions: Sessions,
    private readonly audit: AuthAudit,
    private readonly config: PlatformConfig,
    changes: TenantChanges,
    @Optional() @Inject(PLATFORM_PROVIDER) private readonly platformProvider?: PlatformProviderSettings,
  ) {
    changes.onChange((tenantId) => this.forget(tenantId));
  }

  /** Starts a login: remembers it in the browser's session, returns the provider's address. */
  async start(
    request: FastifyRequest,
    reply: FastifyReply,
    audience: LoginAudience,
    returnTo: string,
    acr: AssuranceLevel,
  ): Promise<string> {
    const strategy = await this.strategyFor(request, audience);
    const shim: StrategyRequest = { query: {}, headers: request.headers };
    const outcome = await this.run(strategy, shim, {
      callbackURL: this.callbackUrl(request, audience),
      state: newLoginState(returnTo, acr),
    });
    if (outcome.kind !== 'redirect' || !shim.startedLogin) {
      throw new LoginRefused('The login could not be started.', HttpStatus.BAD_GATEWAY);
    }
    const session = await this.sessions.currentOrNew(request, reply, audience.realm);
    session.data.pendingLogin = shim.startedLogin;
    await this.sessions.save(session);
    const sent = new URL(outcome.location);
    await this.audit.record(request, {
      realm: audience.realm,
      event: 'login-started',
      outcome: 'ok',
      sessionRef: this.sessions.reference(session.id),
      detail: {
        authorizationEndpoint: `${sent.origin}${sent.pathname}`,
        // The request as sent, but state, nonce and challenge only as hashes.
        parameters: redactParameters(sent.searchParams),
        pkce: sent.searchParams.has('code_challenge'),
      },
    });
    return outcome.location;
  }

  /**
   * Finishes a login at the callback: the state must be the one this browser's session
   * waits for (used once), the code is exchanged, the ID token verified. Refusals are
   * audited and thrown as LoginRefused.
   */
  async finish(request: FastifyRequest, audience: LoginAudience): Promise<FinishedLogin> {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const lookup = await this.sessions.lookup(request, audience.realm);
    const session = lookup.session;
    const pending = session?.data.pendingLogin;
    await this.audit.record(request, {
      realm: audience.realm,
      event: 'login-callback',
      outcome: 'ok',
      sessionRef: session ? this.sessions.reference(session.id) : undefined,
      detail: {
        parameters: redactParameters(new URLSearchParams(stringParams(query))),
        pendingLogin: pending ? hash(pending.handle) : null,
      },
    });
    if (session && pending) {
      // Used once: a replayed callback finds nothing to finish.
      delete session.data.pendingLogin;
      await this.sessions.save(session);
    }
    const refuse = async (reason: string, status: number, detail?: Record<string, unknown>): Promise<never> => {
      await this.audit.record(request, {
        realm: audience.realm,
        event: 'login-failed',
        outcome: 'refused',
        reason,
        sessionRef: session ? this.sessions.reference(session.id) : undefined,
        detail,
      });
      throw new LoginRefused(reason, status);
    };
    if (typeof query.error === 'string') {
      const text = typeof query.error_description === 'string' ? `: ${query.error_description}` : '';
      await refuse(`The identity provider ended the login (${query.error.slice(0, 100)}${text.slice(0, 300)}).`, 401);
    }
    if (typeof query.code !== 'string' || typeof query.state !== 'string') {
      await refuse('The identity provider sent the browser back without a code and a state.', 400);
    }
    if (pending && Date.now() - pending.startedAt > PENDING_LOGIN_MS) {
      await refuse('The login took too long. Start it again.', 400);
    }
    const strategy = await this.strategyFor(request, audience);
    const outcome = await this.run(
      strategy,
      { query: { code: query.code, state: query.state }, pendingLogin: pending, headers: request.headers },
      { callbackURL: this.callbackUrl(request, audience) },
    );
    if (outcome.kind === 'success') {
      await this.audit.record(request, {
        realm: audience.realm,
        event: 'id-token',
        outcome: 'ok',
        sessionRef: session ? this.sessions.reference(session.id) : undefined,
        detail: { header: outcome.login.header, claims: outcome.login.claims },
      });
      return { ...outcome.login, pending: pending!, session };
    }
    if (outcome.kind === 'fail') return refuse(outcome.message, 401);
    if (outcome.kind === 'redirect') return refuse('The identity provider answered the callback with a redirect.', 400);
    const error = outcome.error as Error & { code?: string };
    // The provider refused the code (replayed, expired, for another client…): the login fails, not us.
    if (error.name === 'TokenError' || error.name === 'AuthorizationError') {
      return refuse(`The identity provider refused the login code (${error.code ?? 'error'}: ${error.message}).`, 401);
    }
    this.logger.error({ err: error }, 'login could not be finished');
    return refuse(`The identity provider could not be reached to finish the login.`, 502, { error: error.message });
  }

  /** The provider's address that ends its own session too, when it has one. */
  async endSessionUrl(
    request: FastifyRequest,
    audience: LoginAudience,
    idToken: string,
    returnTo: string,
  ): Promise<string | null> {
    const strategy = await this.strategyFor(request, audience).catch(() => null);
    const endpoint = strategy?.endSessionEndpoint;
    if (!endpoint) return null;
    const url = new URL(endpoint);
    url.searchParams.set('id_token_hint', idToken);
    url.searchParams.set('client_id', strategy.clientId);
    url.searchParams.set('post_logout_redirect_uri', `${this.origin(request)}${returnTo}`);
    return url.toString();
  }

  /** The scheme and host browsers reach this app at, from the Host header (already validated). */
  origin(request: FastifyRequest): string {
    return `${this.config.PUBLIC_PROTOCOL}://${request.headers.host}`;
  }

  private callbackUrl(request: FastifyRequest, audience: LoginAudience): string {
    return `${this.origin(request)}${audience.callbackPath}`;
  }

  private strategyFor(request: FastifyRequest, audience: LoginAudience): Promise<TownhallOidcStrategy> {
    const tenant = request.tenant;
    const provider = audience.provider;
    if (provider !== 'operator' && !tenant)
      throw new LoginRefused('Log in at a municipality’s address.', HttpStatus.NOT_FOUND);
    const name = provider === 'operator' ? 'oidc:platform:operator' : `oidc:${tenant!.id}:${provider}`;
    let strategy = this.strategies.get(name);
    if (!strategy) {
      const building = provider === 'operator' ? this.buildPlatform(name) : this.build(name, tenant!.id, provider);
      strategy = building.then((built) => {
        this.passport.use(name, built);
        return built;
      });
      strategy.catch(() => this.strategies.delete(name));
      this.strategies.set(name, strategy);
    }
    return strategy.catch((error: Error) => {
      this.logger.error({ err: error, tenant: tenant?.slug }, `login with ${audience.provider} provider unavailable`);
      throw new LoginRefused(
        `Logging in is not available at the moment: ${error instanceof ProviderUnavailableError ? error.message : 'the login is not configured'}.`,
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    });
  }

  private async build(
    name: string,
    tenantId: string,
    provider: keyof TenantIdentityProvider,
  ): Promise<TownhallOidcStrategy> {
    const tenant = await this.tenants.findById(tenantId);
    const settings = tenant?.identityProvider[provider];
    if (!tenant || !settings) throw new Error(`no ${provider} identity provider is configured`);
    const secret = secretFromEnvironment(settings.clientSecretRef);
    if (!secret) throw new Error(`the client secret ${settings.clientSecretRef} is not set in the environment`);
    const discovered = await this.discovery.discover(settings.issuer);
    return new TownhallOidcStrategy(name, settings.clientId, discovered, secret, tenant.locales.join(' '));
  }

  private async buildPlatform(name: string): Promise<TownhallOidcStrategy> {
    const settings = this.platformProvider;
    if (!settings) throw new Error('this app has no platform identity provider');
    const discovered = await this.discovery.discover(settings.issuer);
    return new TownhallOidcStrategy(name, settings.clientId, discovered, settings.clientSecret, 'en');
  }

  private forget(tenantId: string): void {
    for (const name of [...this.strategies.keys()]) {
      if (tenantId === '*' || name.startsWith(`oidc:${tenantId}:`)) {
        // Rebuilt at the next login, and registered again under the same name: a login in
        // flight keeps the strategy it started with.
        this.strategies.delete(name);
      }
    }
  }

  /**
   * Runs the strategy through passport, turning its answer into a value. By name, not by
   * instance: passport then gives each request its own copy to bind its answers to.
   */
  private run(strategy: TownhallOidcStrategy, req: StrategyRequest, options: object): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let location = '';
      const res = {
        statusCode: 200,
        setHeader(header: string, value: string) {
          if (header.toLowerCase() === 'location') location = value;
        },
        end() {
          resolve({ kind: 'redirect', location });
        },
      };
      const callback = (error: Error | null, login: VerifiedLogin | false, info?: { message?: string }) => {
        if (error) resolve({ kind: 'error', error });
        else if (!login) resolve({ kind: 'fail', message: info?.message ?? 'The login was refused.' });
        else resolve({ kind: 'success', login });
      };
      this.passport.authenticate(strategy.passportName, { session: false, ...options }, callback)(
        req,
        res,
        (error?: Error) => resolve({ kind: 'error', error: error ?? new Error('passport gave up') }),
      );
    });
  }
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

const SECRET_PARAMETERS = new Set(['state', 'nonce', 'code', 'code_challenge', 'id_token_hint']);

/** Parameters for the audit: secrets and one-time values as hash prefixes. */
function redactParameters(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params)
    out[key] = SECRET_PARAMETERS.has(key) ? `sha256:${hash(value)}` : value.slice(0, 500);
  return out;
}

function stringParams(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
