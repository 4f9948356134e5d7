import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';
import { STATE_KINDS } from '../../domain/application.entity.js';

/** Applications, their history and files, and the reference numbers of each municipality. */
export class CreateApplications1764001000000 implements MigrationInterface {
  name = 'CreateApplications1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table applications (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        service_id uuid not null,
        service_version int not null,
        service_code text not null,
        reference text,
        applicant_id uuid not null,
        organisation jsonb,
        state text not null,
        state_kind text not null,
        answers jsonb not null default '{}',
        steps_done int not null default 0,
        delivery text,
        locale text not null,
        assignee_id uuid,
        department text,
        submitted_at timestamptz,
        state_entered_at timestamptz not null default now(),
        state_due_at timestamptz,
        decision_due_at timestamptz,
        information_request jsonb,
        decision jsonb,
        idempotency_key text,
        version int not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_applications primary key (tenant_id, id),
        constraint uq_applications_reference unique (tenant_id, reference),
        constraint uq_applications_idempotency unique (tenant_id, applicant_id, idempotency_key),
        constraint ck_applications_state_kind check (state_kind in (${STATE_KINDS.map((k) => `'${k}'`).join(', ')})),
        constraint fk_applications_service_version foreign key (tenant_id, service_id, service_version)
          references service_versions (tenant_id, service_id, version),
        constraint fk_applications_applicant foreign key (tenant_id, applicant_id) references citizens (tenant_id, id),
        constraint fk_applications_assignee foreign key (tenant_id, assignee_id) references staff_members (tenant_id, id)
      )`);
    await q.query(`create index ix_applications_applicant on applications (tenant_id, applicant_id, created_at)`);
    await q.query(`create index ix_applications_due on applications (tenant_id, state_due_at)`);
    await q.query(`create index ix_applications_assignee on applications (tenant_id, assignee_id, state_due_at)`);
    await q.query(`create index ix_applications_service on applications (tenant_id, service_code, state_due_at)`);
    // Applications are kept until their retention ends (a later job erases them); never deleted by the apps.
    await protectTenantTable(q, 'applications', ['select', 'insert', 'update']);

    await q.query(`
      create table application_events (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        application_id uuid not null,
        occurred_at timestamptz not null default now(),
        kind text not null,
        actor_kind text not null,
        actor_id uuid,
        actor_name text not null,
        transition text,
        from_state text,
        to_state text,
        internal boolean not null default false,
        text text,
        constraint pk_application_events primary key (tenant_id, id),
        constraint fk_application_events_application foreign key (tenant_id, application_id)
          references applications (tenant_id, id)
      )`);
    await q.query(
      `create index ix_application_events_application on application_events (tenant_id, application_id, occurred_at)`,
    );
    // The history is appended to, never changed.
    await protectTenantTable(q, 'application_events', ['select', 'insert']);

    await q.query(`
      create table application_files (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        application_id uuid not null,
        kind text not null,
        field text,
        file_name text not null,
        media_type text not null,
        size_bytes int not null,
        sha256 text not null,
        storage_key text not null,
        created_at timestamptz not null default now(),
        constraint pk_application_files primary key (tenant_id, id),
        constraint fk_application_files_application foreign key (tenant_id, application_id)
          references applications (tenant_id, id)
      )`);
    await q.query(`create index ix_application_files_application on application_files (tenant_id, application_id)`);
    // A draft's attachment may be removed by its applicant; nothing is changed in place.
    await protectTenantTable(q, 'application_files', ['select', 'insert', 'delete']);

    await q.query(`
      create table reference_counters (
        tenant_id uuid not null,
        year int not null,
        last_number int not null,
        constraint pk_reference_counters primary key (tenant_id, year)
      )`);
    await protectTenantTable(q, 'reference_counters', ['select', 'insert', 'update']);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['reference_counters', 'application_files', 'application_events', 'applications']) {
      await q.query(`drop table ${table}`);
    }
  }
}
