import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access, Public, RateLimits, type RateLimiter } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthAudit } from '../audit/auth-audit.js';
import { citizenFromClaims } from '../citizens/citizen-claims.js';
import { CitizensRepository } from '../citizens/citizens.repository.js';
import { LoginRefused, OidcLogin, type LoginAudience } from '../oidc/oidc-login.js';
import { Sessions } from '../sessions/sessions.js';
import { isAssuranceLevel, meetsLevel } from '../sessions/session.types.js';
import { LoginQueryDto, LoginPageQueryDto, loginNotice } from './dto/login.query.dto.js';

const CITIZENS: LoginAudience = { realm: 'portal', provider: 'citizen', callbackPath: '/auth/callback' };

/**
 * Citizens' login at their municipality's portal through its national eID provider, and
 * logout (which ends the provider's session too, where it offers that).
 */
@ApiExcludeController()
@Controller()
export class PortalLoginController {
  private readonly loginLimit: RateLimiter;

  constructor(
    private readonly login: OidcLogin,
    private readonly sessions: Sessions,
    private readonly citizens: CitizensRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly audit: AuthAudit,
    private readonly pages: Pages,
    rateLimits: RateLimits,
  ) {
    // Per municipality and client address: a login costs the provider and us a round of work.
    this.loginLimit = rateLimits.limiter('portal-login', {
      max: 30,
      windowMs: 5 * 60 * 1000,
      key: (request) => `${request.tenant?.id}:${request.ip}`,
    });
  }

  @Get('login')
  @Public()
  loginPage(@Query() query: LoginPageQueryDto, @Res() reply: FastifyReply): FastifyReply {
    const tenant = currentTenantSettings();
    const start = new URLSearchParams({ returnTo: query.returnTo ?? '/my' });
    if (query.level) start.set('level', query.level);
    return this.pages.send(reply, 'login.njk', {
      title: 'Log in',
      tenant,
      notice: loginNotice(query.ended),
      intro: `Log in to the e-services of ${tenant.name} with your national electronic identity (ID card, Mobile-ID, Smart-ID or bank link).`,
      level: query.level,
      startUrl: `/auth/login?${start.toString()}`,
      buttonText: 'Log in with national eID',
    });
  }

  @Get('auth/login')
  @Public()
  async start(
    @Query() query: LoginQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    await this.loginLimit(request);
    const level = isAssuranceLevel(query.level) ? query.level : 'substantial';
    const location = await this.login.start(request, reply, CITIZENS, query.returnTo ?? '/my', level);
    return reply.redirect(location, 302);
  }

  @Get('auth/callback')
  @Public()
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    await this.loginLimit(request);
    const finished = await this.login.finish(request, CITIZENS);
    const identity = citizenFromClaims(finished.claims);
    const acr = finished.claims.acr;
    if (!isAssuranceLevel(acr)) {
      await this.audit.record(request, {
        realm: 'portal',
        event: 'login-failed',
        outcome: 'refused',
        reason: `unknown level of assurance ${String(acr)}`,
      });
      throw new LoginRefused('The identity provider did not say how strongly you were identified (acr).', 401);
    }
    if (!meetsLevel(acr, finished.pending.acr)) {
      await this.audit.record(request, {
        realm: 'portal',
        event: 'login-failed',
        outcome: 'refused',
        reason: `logged in at ${acr}, ${finished.pending.acr} was asked for`,
      });
      throw new LoginRefused(
        `You logged in at the level "${acr}", but "${finished.pending.acr}" is needed. Log in again with a stronger means.`,
        401,
      );
    }
    const citizen = await this.tenantDb.run(() => this.citizens.recordLogin(identity));
    const session = await this.sessions.begin(request, reply, 'portal', {
      principal: {
        kind: 'citizen',
        id: citizen.id,
        issuer: identity.issuer,
        subject: identity.subject,
        name: `${citizen.givenName} ${citizen.familyName}`.trim(),
        acr,
        authenticatedAt: Date.now(),
        idToken: finished.idToken,
      },
    });
    await this.audit.record(request, {
      realm: 'portal',
      event: 'login-succeeded',
      outcome: 'ok',
      principalId: citizen.id,
      sessionRef: this.sessions.reference(session.id),
      detail: {
        previousSession: finished.session ? this.sessions.reference(finished.session.id) : null,
        acr,
      },
    });
    return reply.redirect(finished.pending.returnTo, 303);
  }

  @Post('logout')
  @Access('citizen')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const session = request.liveSession!;
    const principal = request.principal!;
    await this.sessions.end(reply, session);
    const endSession = await this.login.endSessionUrl(request, CITIZENS, principal.idToken, '/login?ended=logged-out');
    await this.audit.record(request, {
      realm: 'portal',
      event: 'logout',
      outcome: 'ok',
      principalId: principal.id,
      sessionRef: this.sessions.reference(session.id),
      detail: { providerLogout: endSession !== null },
    });
    if (!endSession) return reply.redirect('/login?ended=logged-out', 303);
    // Not a redirect: a form may only redirect to this site (Content-Security-Policy
    // form-action), so a page of ours sends the browser on to the provider.
    return this.pages.send(reply, 'logged-out.njk', {
      title: 'You have logged out',
      tenant: currentTenantSettings(),
      continueUrl: endSession,
    });
  }

  @Get('my')
  @Access('citizen')
  async myPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const principal = request.principal!;
    const citizen = await this.tenantDb.read(() => this.citizens.findById(principal.id));
    const details = [
      { label: 'Personal code', value: citizen?.nationalId ?? 'none' },
      { label: 'Level of assurance', value: principal.acr },
    ];
    return this.pages.send(reply, 'signed-in.njk', {
      title: 'My page',
      tenant: currentTenantSettings(),
      signedInAs: principal.name,
      csrfToken: this.sessions.csrfToken(request.liveSession!),
      logoutUrl: '/logout',
      person: { name: principal.name, details },
    });
  }
}
