import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository, type StaffRole } from '@townhall/tenancy';
import { In } from 'typeorm';
import { StaffChangeEntity, StaffMemberEntity, type StaffStatus } from './staff-member.entity.js';

/** What an admin may change of a member of staff. */
export interface StaffAssignment {
  role: StaffRole;
  departments: string[];
  services: string[];
  status: StaffStatus;
}

function assignmentOf(member: StaffMemberEntity): StaffAssignment {
  return { role: member.role, departments: member.departments, services: member.services, status: member.status };
}

/**
 * A municipality's staff. Every change is written with its before and after, and who made
 * it, in the same transaction as the change.
 */
@Injectable()
export class StaffRepository extends TenantScopedRepository<StaffMemberEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, StaffMemberEntity);
  }

  list(): Promise<StaffMemberEntity[]> {
    return this.repository.find({ where: this.scoped(), order: { name: 'ASC', email: 'ASC' } });
  }

  /**
   * The active members (logged in at least once, not disabled: those the office lets in) with
   * one of these roles, e.g. the officials to tell of something only they may act on.
   */
  activeWithRoles(roles: readonly StaffRole[]): Promise<StaffMemberEntity[]> {
    if (roles.length === 0) return Promise.resolve([]);
    return this.repository.find({
      where: this.scoped({ role: In([...roles]), status: 'active' }),
      order: { name: 'ASC', email: 'ASC' },
    });
  }

  findById(id: string): Promise<StaffMemberEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  findByIdentity(issuer: string, subject: string): Promise<StaffMemberEntity | null> {
    return this.repository.findOne({ where: this.scoped({ issuer, subject }) });
  }

  findByEmail(email: string): Promise<StaffMemberEntity | null> {
    return this.repository.findOne({ where: this.scoped({ email: email.toLowerCase() }) });
  }

  /** Invites a member of staff; null when the e-mail is already on the staff. */
  async invite(
    member: { email: string; name: string } & Omit<StaffAssignment, 'status'>,
    changedBy: string | null,
  ): Promise<StaffMemberEntity | null> {
    const email = member.email.toLowerCase();
    const inserted = await this.repository
      .createQueryBuilder()
      .insert()
      .values({ ...member, email, tenantId: this.tenantId, status: 'invited' })
      .orIgnore()
      .returning('*')
      .execute();
    if (inserted.raw.length === 0) return null;
    const created = (await this.findByEmail(email))!;
    await this.recordChange(created.id, changedBy, 'invited', null, {
      email,
      name: member.name,
      ...assignmentOf(created),
    });
    return created;
  }

  /** Changes role, scope or status; the change is audited. Null when there is no such member. */
  async assign(id: string, next: StaffAssignment, changedBy: string): Promise<StaffMemberEntity | null> {
    const member = await this.repository.findOne({ where: this.scoped({ id }), lock: { mode: 'pessimistic_write' } });
    if (!member) return null;
    const before = assignmentOf(member);
    const change =
      before.status !== next.status
        ? next.status === 'disabled'
          ? 'disabled'
          : 'enabled'
        : before.role !== next.role
          ? 'role-changed'
          : 'scope-changed';
    await this.repository.update(this.scoped({ id }), next);
    await this.recordChange(id, changedBy, change, { ...before }, { ...next });
    return { ...member, ...next };
  }

  /** Binds an invited member to the identity they logged in with, or notes a later login. */
  async recordLogin(member: StaffMemberEntity, issuer: string, subject: string): Promise<void> {
    if (member.status === 'invited') {
      await this.repository.update(this.scoped({ id: member.id }), {
        issuer,
        subject,
        status: 'active',
        lastLoginAt: new Date(),
      });
      await this.recordChange(member.id, member.id, 'first-login', { status: 'invited' }, { status: 'active', issuer });
    } else {
      await this.repository.update(this.scoped({ id: member.id }), { lastLoginAt: new Date() });
    }
  }

  changesOf(id: string): Promise<StaffChangeEntity[]> {
    return this.tenantDb
      .manager()
      .getRepository(StaffChangeEntity)
      .find({ where: { tenantId: this.tenantId, staffMemberId: id }, order: { occurredAt: 'ASC' } });
  }

  private async recordChange(
    staffMemberId: string,
    changedBy: string | null,
    change: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    await this.tenantDb
      .manager()
      .getRepository(StaffChangeEntity)
      .insert({
        tenantId: this.tenantId,
        staffMemberId,
        changedBy,
        change,
        before: before as never,
        after: after as never,
      });
  }
}
