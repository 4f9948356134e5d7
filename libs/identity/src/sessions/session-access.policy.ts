import { type ExecutionContext, ForbiddenException, Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessPolicies, type AccessPolicy, type AccessRule, LoginRequiredException } from '@townhall/platform';
import type { FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { AuthAudit } from '../audit/auth-audit.js';
import {
  type AssuranceLevel,
  isAssuranceLevel,
  meetsLevel,
  type Principal,
  type SessionRealm,
} from './session.types.js';
import { type LiveSession, type SessionRefusal, Sessions } from './sessions.js';

export const PRINCIPAL_KEY = 'principal';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    liveSession: LiveSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const REFUSALS: Record<SessionRefusal, string> = {
  idle: 'Your session ended after a time without activity. Log in again.',
  absolute: 'Your session reached its maximum length. Log in again.',
  'logged-out': 'You logged out of this session. Log in again.',
  unknown: 'Your session is not known (it may have ended). Log in again.',
  'other-tenant': 'This session belongs to another address. Log in here.',
};

/** Each realm's login page: it says why a login is needed and offers the provider. */
export const LOGIN_PATHS: Record<SessionRealm, string> = {
  portal: '/login',
  office: '/office/login',
  admin: '/login',
};

/**
 * `@Access('citizen', { level })`, `@Access('staff')`: a live session of the realm with a
 * person logged in, at the level of assurance the route asks for; every state-changing
 * request carries the session's CSRF token (form field _csrf or header X-CSRF-Token).
 * Every refusal is audited before it is answered.
 */
/** A check a library adds to every admitted request of a realm (the representation's, for the portal). */
export type SessionCheck = (request: FastifyRequest, session: LiveSession) => Promise<void>;

@Injectable()
export class SessionAccessPolicy implements OnModuleInit {
  private readonly checks = new Map<SessionRealm, SessionCheck[]>();

  constructor(
    private readonly policies: AccessPolicies,
    private readonly sessions: Sessions,
    private readonly audit: AuthAudit,
    private readonly cls: ClsService,
  ) {}

  onModuleInit(): void {
    this.policies.register('citizen', this.policyFor('portal', 'citizen'));
  }

  /** Adds a check run after the session is admitted, for every request of the realm. */
  addCheck(realm: SessionRealm, check: SessionCheck): void {
    this.checks.set(realm, [...(this.checks.get(realm) ?? []), check]);
  }

  /** A policy admitting people of the given kind logged in to the realm's session. */
  policyFor(realm: SessionRealm, kind: Principal['kind']): AccessPolicy {
    return { admit: (context, rule) => this.admit(context, rule, realm, kind) };
  }

  private async admit(
    context: ExecutionContext,
    rule: AccessRule,
    realm: SessionRealm,
    kind: Principal['kind'],
  ): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const level = isAssuranceLevel(rule.options?.level) ? rule.options.level : undefined;
    const lookup = await this.sessions.lookup(request, realm);
    const session = lookup.session;
    const principal = session?.data.principal;
    if (!session || !principal || principal.kind !== kind) {
      const refusal = lookup.session ? undefined : lookup.refusal;
      if (refusal) {
        await this.audit.record(request, { realm, event: 'session-refused', outcome: 'refused', reason: refusal });
      }
      throw new LoginRequiredException(
        refusal ? REFUSALS[refusal] : 'Log in to continue.',
        loginUrl(realm, request, level, refusal),
      );
    }
    const sessionRef = this.sessions.reference(session.id);
    if (level && !meetsLevel(principal.acr, level)) {
      await this.audit.record(request, {
        realm,
        event: 'level-insufficient',
        outcome: 'refused',
        reason: `needs ${level}, logged in at ${principal.acr}`,
        principalId: principal.id,
        sessionRef,
      });
      throw new LoginRequiredException(
        `This needs a login at the level of assurance "${level}"; you logged in at "${principal.acr}".`,
        loginUrl(realm, request, level),
      );
    }
    if (!SAFE_METHODS.has(request.method) && !this.sessions.csrfValid(session, csrfTokenOf(request))) {
      await this.audit.record(request, {
        realm,
        event: 'csrf-refused',
        outcome: 'refused',
        reason: csrfTokenOf(request) === undefined ? 'missing CSRF token' : 'wrong CSRF token',
        principalId: principal.id,
        sessionRef,
      });
      throw new ForbiddenException(
        'This form could not be accepted: its security token (CSRF) is missing or wrong. Reload the page and send it again.',
      );
    }
    request.principal = principal;
    request.liveSession = session;
    this.cls.set(PRINCIPAL_KEY, principal);
    for (const check of this.checks.get(realm) ?? []) await check(request, session);
    return true;
  }

  /** Checks the level again inside an action whose level depends on what is acted on (a service). */
  async requireLevel(request: FastifyRequest, realm: SessionRealm, level: AssuranceLevel): Promise<void> {
    const principal = request.principal;
    if (principal && meetsLevel(principal.acr, level)) return;
    await this.audit.record(request, {
      realm,
      event: 'level-insufficient',
      outcome: 'refused',
      reason: `needs ${level}, logged in at ${principal?.acr ?? 'nothing'}`,
      principalId: principal?.id,
    });
    throw new LoginRequiredException(
      `This needs a login at the level of assurance "${level}"; you logged in at "${principal?.acr ?? 'no level'}".`,
      loginUrl(realm, request, level),
    );
  }
}

function csrfTokenOf(request: FastifyRequest): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  return (body && typeof body === 'object' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
}

/** The login address that brings the person back here, at the level needed. */
function loginUrl(
  realm: SessionRealm,
  request: FastifyRequest,
  level?: AssuranceLevel,
  ended?: SessionRefusal,
): string {
  const params = new URLSearchParams();
  // After a form post, come back to the page, not to the post.
  if (SAFE_METHODS.has(request.method) && !request.url.startsWith('/api/')) params.set('returnTo', request.url);
  if (level) params.set('level', level);
  if (ended) params.set('ended', ended);
  const query = params.toString();
  return `${LOGIN_PATHS[realm]}${query ? `?${query}` : ''}`;
}
