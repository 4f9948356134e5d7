import { Controller, Get, Req, Res, type OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access, Public } from '@townhall/platform';
import { TenantDatabase } from '@townhall/tenancy';
import { PageChrome, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaffRepository } from '../staff/staff.repository.js';
import { LOGIN_PATHS } from '../sessions/session-access.policy.js';
import { LoginFlow, type LoginRealm } from './login-flow.js';
import { LoginRoutes } from './login-routes.js';

export const OFFICE: LoginRealm = {
  realm: 'office',
  provider: 'staff',
  callbackPath: '/office/auth/callback',
  loginPath: LOGIN_PATHS.office,
  homePath: '/office',
  logoutPath: '/office/logout',
  defaultLevel: 'substantial',
  area: 'identity.office.area',
  texts: 'identity.login.office',
};

/**
 * Officials' and admins' login to the office through the municipality's staff provider.
 * Only people on the municipality's staff (invited by e-mail, bound to their identity at
 * their first login) get in.
 */
@ApiExcludeController()
@Controller('office')
export class OfficeLoginController extends LoginRoutes(OFFICE, 'staff') implements OnModuleInit {
  constructor(
    flow: LoginFlow,
    private readonly staff: StaffRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {
    super(flow);
  }

  /** Office pages of other libraries show the official in the header (reached only with a session). */
  onModuleInit(): void {
    this.chrome.use(
      async (request) => this.flow.chrome(OFFICE, request),
      'office',
      // Set by the staff access policy on every office page.
      (request) => request.staffMember?.role,
    );
  }

  @Get('auth/callback')
  @Public()
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const finished = await this.flow.finish(OFFICE, request);
    const { iss, sub, email, email_verified: verified } = finished.claims;
    const member = await this.tenantDb.run(async () => {
      let found = await this.staff.findByIdentity(String(iss), String(sub));
      // An invitation is claimed by the e-mail the provider vouches for, once.
      if (!found && typeof email === 'string' && verified === true) {
        const invited = await this.staff.findByEmail(email);
        if (invited?.status === 'invited') found = invited;
      }
      if (found && found.status !== 'disabled') await this.staff.recordLogin(found, String(iss), String(sub));
      return found;
    });
    if (!member || member.status === 'disabled') {
      return this.flow.refuse(
        OFFICE,
        request,
        member ? 'staff membership disabled' : `not on the staff (${typeof email === 'string' ? email : 'no e-mail'})`,
        'You are not on the staff of this municipality, or your access has been closed. Ask its admin.',
      );
    }
    return this.flow.complete(OFFICE, request, reply, finished, {
      kind: 'staff',
      id: member.id,
      issuer: String(iss),
      subject: String(sub),
      name: member.name,
      acr: finished.acr,
      authenticatedAt: Date.now(),
      idToken: finished.idToken,
    });
  }

  @Get()
  @Access('staff')
  home(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    const member = request.staffMember!;
    return this.pages.send(request, reply, 'signed-in.njk', {
      ...this.flow.chrome(OFFICE, request),
      title: 'identity.office.title',
      person: {
        name: member.name,
        details: [
          { label: 'identity.office.role', value: `identity.roles.${member.role}`, translate: true },
          listRow('identity.office.departments', member.departments),
          listRow('identity.office.services', member.services),
        ],
      },
    });
  }
}

/** A row of codes, or "all" when the role is not limited. */
function listRow(label: string, codes: string[]) {
  return codes.length > 0
    ? { label, value: codes.join(', ') }
    : { label, value: 'identity.office.all', translate: true };
}
