import { Controller, Get, type OnModuleInit, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access, Public } from '@townhall/platform';
import { PageChrome, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OperatorsRepository } from '../operators/operators.repository.js';
import { LOGIN_PATHS } from '../sessions/session-access.policy.js';
import { LoginFlow, type LoginRealm } from './login-flow.js';
import { LoginRoutes } from './login-routes.js';

export const ADMIN: LoginRealm = {
  realm: 'admin',
  provider: 'operator',
  callbackPath: '/auth/callback',
  loginPath: LOGIN_PATHS.admin,
  homePath: '/',
  logoutPath: '/logout',
  defaultLevel: 'high',
  // A second factor, always: operators see across municipalities.
  requiredLevel: 'high',
  area: 'identity.admin.area',
  texts: 'identity.login.admin',
};

/** Operators' login to the admin app through the platform's own provider. */
@ApiExcludeController()
@Controller()
export class OperatorLoginController extends LoginRoutes(ADMIN, 'operator') implements OnModuleInit {
  constructor(
    flow: LoginFlow,
    private readonly operators: OperatorsRepository,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {
    super(flow);
  }

  /** The admin app's pages (admitted by the operator policy) show the operator and the logout form. */
  onModuleInit(): void {
    this.chrome.use(
      async (request) => (request.principal && request.liveSession ? this.flow.chrome(ADMIN, request) : {}),
      'admin',
    );
  }

  @Get('auth/callback')
  @Public()
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const finished = await this.flow.finish(ADMIN, request);
    const { iss, sub, email, email_verified: verified } = finished.claims;
    let operator = await this.operators.findActiveByIdentity(String(iss), String(sub));
    // An account made by the CLI is claimed by the e-mail the provider vouches for, once.
    if (!operator && typeof email === 'string' && verified === true) {
      const byEmail = await this.operators.findActiveByEmail(email);
      if (byEmail && byEmail.issuer === null) operator = byEmail;
    }
    if (!operator) {
      return this.flow.refuse(
        ADMIN,
        request,
        `no operator account for ${typeof email === 'string' ? email : String(sub)}`,
        'You have no operator account, or it has been disabled.',
      );
    }
    await this.operators.bindIdentity(operator.id, String(iss), String(sub));
    return this.flow.complete(ADMIN, request, reply, finished, {
      kind: 'operator',
      id: operator.id,
      issuer: String(iss),
      subject: String(sub),
      name: operator.displayName,
      acr: finished.acr,
      authenticatedAt: Date.now(),
      idToken: finished.idToken,
    });
  }

  @Get()
  @Access('operator')
  home(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    return this.pages.send(request, reply, 'signed-in.njk', {
      ...this.flow.chrome(ADMIN, request),
      title: 'identity.admin.title',
      links: [{ href: '/municipalities', text: 'identity.admin.municipalities' }],
      person: {
        name: request.principal!.name,
        details: [{ label: 'identity.my.level', value: request.principal!.acr }],
      },
    });
  }
}
