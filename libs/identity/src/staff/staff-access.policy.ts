import { type ExecutionContext, ForbiddenException, Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessPolicies, type AccessRule } from '@townhall/platform';
import { STAFF_ROLES, TenantDatabase, type StaffRole } from '@townhall/tenancy';
import type { FastifyRequest } from 'fastify';
import { AuthAudit } from '../audit/auth-audit.js';
import { SessionAccessPolicy } from '../sessions/session-access.policy.js';
import type { StaffMemberEntity } from './staff-member.entity.js';
import { StaffRepository } from './staff.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    staffMember: StaffMemberEntity | null;
  }
}

/**
 * `@Access('staff', { roles: ['admin'] })`: an official logged in to the office whose
 * membership is active and whose role is one of those named (any role when none are).
 * The membership is read for every request, so a role taken away counts at once.
 */
@Injectable()
export class StaffAccessPolicy implements OnModuleInit {
  private readonly session;

  constructor(
    private readonly policies: AccessPolicies,
    sessions: SessionAccessPolicy,
    private readonly staff: StaffRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly audit: AuthAudit,
  ) {
    this.session = sessions.policyFor('office', 'staff');
  }

  onModuleInit(): void {
    this.policies.register('staff', { admit: (context, rule) => this.admit(context, rule) });
  }

  private async admit(context: ExecutionContext, rule: AccessRule): Promise<boolean> {
    await this.session.admit(context, rule);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = request.principal!;
    const member = await this.tenantDb.read(() => this.staff.findById(principal.id));
    const roles = (rule.options?.roles as StaffRole[] | undefined) ?? [...STAFF_ROLES];
    const refusal =
      !member || member.status !== 'active'
        ? 'membership not active'
        : !roles.includes(member.role)
          ? `role ${member.role}`
          : null;
    if (refusal) {
      await this.audit.record(request, {
        realm: 'office',
        event: 'access-denied',
        outcome: 'refused',
        reason: `${refusal}; ${request.method} ${request.routeOptions.url ?? request.url} needs ${roles.join(' or ')}`,
        principalId: principal.id,
      });
      throw new ForbiddenException(
        member && member.status === 'active'
          ? `Your role (${member.role}) does not allow this; it needs ${roles.join(' or ')}.`
          : 'Your membership of the staff is not active.',
      );
    }
    request.staffMember = member;
    return true;
  }
}
