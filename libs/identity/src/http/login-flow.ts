import { Injectable } from '@nestjs/common';
import { RateLimits, type RateLimiter } from '@townhall/platform';
import { Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthAudit } from '../audit/auth-audit.js';
import { LoginRefused, OidcLogin, type FinishedLogin, type LoginAudience } from '../oidc/oidc-login.js';
import { isAssuranceLevel, meetsLevel, type AssuranceLevel, type Principal } from '../sessions/session.types.js';
import { Sessions, type LiveSession } from '../sessions/sessions.js';
import { loginNotice, type LoginPageQueryDto, type LoginQueryDto } from './dto/login.query.dto.js';

/** What differs between the portal's and the office's login. */
export interface LoginRealm extends LoginAudience {
  /** The login page, and where a login goes when it names nowhere. */
  loginPath: string;
  homePath: string;
  logoutPath: string;
  defaultLevel: AssuranceLevel;
  /** A level no login of this realm may be below, whatever was asked for (operators: high). */
  requiredLevel?: AssuranceLevel;
  /** The header of the pages (a message key: "Office"), if any. */
  area?: string;
  /** The message keys of the login page: <texts>.intro and <texts>.button. */
  texts: string;
}

/**
 * The steps of a login that the portal and the office share: the login page, the start
 * (rate limited per municipality and client), the level of assurance check at the callback,
 * the new session, and the logout at both ends. Each realm decides who the person is.
 */
@Injectable()
export class LoginFlow {
  private readonly limit: RateLimiter;

  constructor(
    private readonly login: OidcLogin,
    private readonly sessions: Sessions,
    private readonly audit: AuthAudit,
    private readonly pages: Pages,
    rateLimits: RateLimits,
  ) {
    // A login costs the provider and us a round of work: 30 per five minutes and client.
    this.limit = rateLimits.limiter('login', {
      max: 30,
      windowMs: 5 * 60 * 1000,
      key: (request) => `${request.tenant?.id ?? 'platform'}:${request.ip}`,
    });
  }

  page(realm: LoginRealm, query: LoginPageQueryDto, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const tenant = request.tenant ?? undefined;
    const start = new URLSearchParams({ returnTo: query.returnTo ?? realm.homePath });
    if (query.level) start.set('level', query.level);
    return this.pages.send(request, reply, 'login.njk', {
      title: 'identity.login.title',
      tenant,
      area: realm.area,
      homeUrl: realm.homePath,
      notice: loginNotice(query.ended),
      texts: realm.texts,
      level: query.level,
      startUrl: `${realm.callbackPath.replace(/callback$/, 'login')}?${start.toString()}`,
    });
  }

  async start(realm: LoginRealm, query: LoginQueryDto, request: FastifyRequest, reply: FastifyReply) {
    await this.limit(request);
    const asked = query.level ?? realm.defaultLevel;
    const level = realm.requiredLevel && !meetsLevel(asked, realm.requiredLevel) ? realm.requiredLevel : asked;
    const location = await this.login.start(request, reply, realm, query.returnTo ?? realm.homePath, level);
    return reply.redirect(location, 302);
  }

  /** Finishes the provider's part; the level it vouches for must be the one asked for. */
  async finish(realm: LoginRealm, request: FastifyRequest): Promise<FinishedLogin & { acr: AssuranceLevel }> {
    await this.limit(request);
    const finished = await this.login.finish(request, realm);
    const acr = finished.claims.acr;
    const needed =
      realm.requiredLevel && !meetsLevel(finished.pending.acr, realm.requiredLevel)
        ? realm.requiredLevel
        : finished.pending.acr;
    if (!isAssuranceLevel(acr) || !meetsLevel(acr, needed)) {
      const reason = isAssuranceLevel(acr)
        ? `logged in at ${acr}, ${needed} was needed`
        : `unknown level of assurance ${String(acr)}`;
      await this.audit.record(request, { realm: realm.realm, event: 'login-failed', outcome: 'refused', reason });
      throw new LoginRefused(
        isAssuranceLevel(acr)
          ? `You logged in at the level "${acr}", but "${needed}" is needed. Log in again with a stronger means.`
          : 'The identity provider did not say how strongly you were identified (acr).',
        401,
      );
    }
    return { ...finished, acr };
  }

  /** Refuses a person the provider vouched for but whom this realm does not admit. */
  async refuse(realm: LoginRealm, request: FastifyRequest, reason: string, message: string): Promise<never> {
    await this.audit.record(request, { realm: realm.realm, event: 'login-failed', outcome: 'refused', reason });
    throw new LoginRefused(message, 403);
  }

  /** A new session for the person (never the pre-login one), and back to where they were going. */
  async complete(
    realm: LoginRealm,
    request: FastifyRequest,
    reply: FastifyReply,
    finished: FinishedLogin,
    principal: Principal,
  ): Promise<FastifyReply> {
    const session = await this.sessions.begin(request, reply, realm.realm, { principal });
    await this.audit.record(request, {
      realm: realm.realm,
      event: 'login-succeeded',
      outcome: 'ok',
      principalId: principal.id,
      sessionRef: this.sessions.reference(session.id),
      detail: {
        previousSession: finished.session ? this.sessions.reference(finished.session.id) : null,
        acr: principal.acr,
      },
    });
    return reply.redirect(finished.pending.returnTo, 303);
  }

  /** Ends the session here, then at the provider when it offers that. */
  async logout(realm: LoginRealm, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const session = request.liveSession!;
    const principal = request.principal!;
    await this.sessions.end(reply, session);
    const after = `${realm.loginPath}?ended=logged-out`;
    const endSession = await this.login.endSessionUrl(request, realm, principal.idToken, after);
    await this.audit.record(request, {
      realm: realm.realm,
      event: 'logout',
      outcome: 'ok',
      principalId: principal.id,
      sessionRef: this.sessions.reference(session.id),
      detail: { providerLogout: endSession !== null },
    });
    if (!endSession) return reply.redirect(after, 303);
    // Not a redirect: a form may only redirect to this site (Content-Security-Policy
    // form-action), so a page of ours sends the browser on to the provider.
    return this.pages.send(request, reply, 'logged-out.njk', {
      title: 'identity.loggedOut.title',
      tenant: request.tenant ?? undefined,
      area: realm.area,
      continueUrl: endSession,
    });
  }

  /** What every page of a logged-in person shows: their name and the logout form. */
  chrome(realm: LoginRealm, request: FastifyRequest, session: LiveSession = request.liveSession!) {
    return {
      tenant: request.tenant ?? undefined,
      area: realm.area,
      homeUrl: realm.homePath,
      signedInAs: session.data.principal!.name,
      csrfToken: this.sessions.csrfToken(session),
      logoutUrl: realm.logoutPath,
    };
  }
}
