import { Controller, Get, type OnModuleInit, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access, Public } from '@townhall/platform';
import { TenantDatabase } from '@townhall/tenancy';
import { PageChrome, Pages } from '@townhall/web';
import { Sessions } from '../sessions/sessions.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { citizenFromClaims } from '../citizens/citizen-claims.js';
import { CitizensRepository } from '../citizens/citizens.repository.js';
import { LOGIN_PATHS } from '../sessions/session-access.policy.js';
import { LoginFlow, type LoginRealm } from './login-flow.js';
import { LoginRoutes } from './login-routes.js';

export const PORTAL: LoginRealm = {
  realm: 'portal',
  provider: 'citizen',
  callbackPath: '/auth/callback',
  loginPath: LOGIN_PATHS.portal,
  homePath: '/my',
  logoutPath: '/logout',
  defaultLevel: 'substantial',
  texts: 'identity.login.portal',
};

/**
 * Citizens' login at their municipality's portal through its national eID provider. The
 * person is (issuer, subject); their national identifier is kept for register look-ups.
 */
@ApiExcludeController()
@Controller()
export class PortalLoginController extends LoginRoutes(PORTAL, 'citizen') implements OnModuleInit {
  constructor(
    flow: LoginFlow,
    private readonly citizens: CitizensRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly pages: Pages,
    private readonly sessions: Sessions,
    private readonly chrome: PageChrome,
  ) {
    super(flow);
  }

  /** Public portal pages show who is logged in, with the logout form, like the citizen's own. */
  onModuleInit(): void {
    this.chrome.use(async (request) => {
      // A public page still works while the session store is away: it shows nobody logged in.
      const session = await this.sessions.current(request, 'portal').catch(() => null);
      const principal = session?.data.principal;
      if (!session || principal?.kind !== 'citizen') return { loginUrl: PORTAL.loginPath };
      return this.flow.chrome(PORTAL, request, session);
    });
  }

  @Get('auth/callback')
  @Public()
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const finished = await this.flow.finish(PORTAL, request);
    const identity = citizenFromClaims(finished.claims);
    const citizen = await this.tenantDb.run(() => this.citizens.recordLogin(identity));
    return this.flow.complete(PORTAL, request, reply, finished, {
      kind: 'citizen',
      id: citizen.id,
      issuer: identity.issuer,
      subject: identity.subject,
      name: `${citizen.givenName} ${citizen.familyName}`.trim(),
      acr: finished.acr,
      authenticatedAt: Date.now(),
      idToken: finished.idToken,
      ...(identity.nationalId && identity.nationalIdCountry
        ? { nationalId: { country: identity.nationalIdCountry, code: identity.nationalId } }
        : {}),
    });
  }

  @Get('my')
  @Access('citizen')
  async myPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const principal = request.principal!;
    const citizen = await this.tenantDb.read(() => this.citizens.findById(principal.id));
    const actingFor = request.liveSession!.data.actingFor;
    return this.pages.send(request, reply, 'signed-in.njk', {
      ...this.flow.chrome(PORTAL, request),
      title: 'identity.my.title',
      person: {
        name: principal.name,
        details: [
          citizen?.nationalId
            ? { label: 'identity.my.personalCode', value: citizen.nationalId }
            : { label: 'identity.my.personalCode', value: 'identity.my.none', translate: true },
          { label: 'identity.my.level', value: principal.acr },
          actingFor
            ? { label: 'identity.my.actingFor', value: `${actingFor.name} (${actingFor.registryCode})` }
            : { label: 'identity.my.actingFor', value: 'identity.my.yourself', translate: true },
        ],
      },
      links: [{ href: '/my/organisations', text: 'identity.my.actForOrganisation' }],
    });
  }
}
