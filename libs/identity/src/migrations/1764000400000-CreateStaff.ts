import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';

/** A municipality's officials and admins, and the audit trail of changes to them. */
export class CreateStaff1764000400000 implements MigrationInterface {
  name = 'CreateStaff1764000400000';

  async up(q: QueryRunner): Promise<void> {
    // Invited by e-mail; bound to (issuer, subject) at their first login.
    await q.query(`
      create table staff_members (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        email text not null,
        name text not null,
        role text not null,
        departments text[] not null default '{}',
        services text[] not null default '{}',
        status text not null default 'invited',
        issuer text,
        subject text,
        last_login_at timestamptz,
        created_at timestamptz not null default now(),
        constraint pk_staff_members primary key (tenant_id, id),
        constraint uq_staff_members_email unique (tenant_id, email),
        constraint uq_staff_members_identity unique (tenant_id, issuer, subject),
        constraint fk_staff_members_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint ck_staff_members_role check (role in ('admin', 'owner', 'handler', 'viewer')),
        constraint ck_staff_members_status check (status in ('invited', 'active', 'disabled')),
        constraint ck_staff_members_email check (email = lower(email))
      )`);
    await protectTenantTable(q, 'staff_members', ['select', 'insert', 'update']);

    await q.query(`
      create table staff_changes (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        occurred_at timestamptz not null default now(),
        staff_member_id uuid not null,
        changed_by uuid,
        change text not null,
        before jsonb,
        after jsonb not null,
        constraint pk_staff_changes primary key (tenant_id, id),
        constraint fk_staff_changes_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint fk_staff_changes_member foreign key (tenant_id, staff_member_id)
          references staff_members (tenant_id, id) on delete cascade
      )`);
    await q.query(`create index ix_staff_changes_member on staff_changes (tenant_id, staff_member_id)`);
    await protectTenantTable(q, 'staff_changes', ['select', 'insert']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table staff_changes`);
    await q.query(`drop table staff_members`);
  }
}
