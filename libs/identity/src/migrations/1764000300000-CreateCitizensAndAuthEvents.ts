import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PLATFORM_ROLE, protectTenantTable } from '@townhall/tenancy';

/** The columns of both audit trails of authentication: the municipalities' and the platform's. */
const AUTH_EVENT_COLUMNS = `
        id uuid not null default gen_random_uuid(),
        occurred_at timestamptz not null default now(),
        realm text not null,
        event text not null,
        outcome text not null,
        reason text,
        principal_id uuid,
        session_ref text,
        client_ip text,
        request_id text,
        detail jsonb not null default '{}'`;

/** Citizens known to each municipality, and the audit trail of logins and sessions. */
export class CreateCitizensAndAuthEvents1764000300000 implements MigrationInterface {
  name = 'CreateCitizensAndAuthEvents1764000300000';

  async up(q: QueryRunner): Promise<void> {
    // A person is (issuer, subject): the same subject from two providers is two people.
    await q.query(`
      create table citizens (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        issuer text not null,
        subject text not null,
        national_id text,
        national_id_country text,
        given_name text not null,
        family_name text not null,
        birthdate date,
        last_login_at timestamptz not null,
        created_at timestamptz not null default now(),
        constraint pk_citizens primary key (tenant_id, id),
        constraint uq_citizens_identity unique (tenant_id, issuer, subject),
        constraint fk_citizens_tenant foreign key (tenant_id) references tenants (id) on delete cascade
      )`);
    await q.query(`create index ix_citizens_national_id on citizens (tenant_id, national_id)`);
    await protectTenantTable(q, 'citizens', ['select', 'insert', 'update']);

    await q.query(`
      create table auth_events (
        tenant_id uuid not null,
        ${AUTH_EVENT_COLUMNS},
        constraint pk_auth_events primary key (tenant_id, id),
        constraint fk_auth_events_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint ck_auth_events_outcome check (outcome in ('ok', 'refused'))
      )`);
    await q.query(`create index ix_auth_events_time on auth_events (tenant_id, occurred_at)`);
    // An audit trail is appended to, never changed.
    await protectTenantTable(q, 'auth_events', ['select', 'insert']);

    await q.query(`
      create table platform_auth_events (
        ${AUTH_EVENT_COLUMNS},
        constraint pk_platform_auth_events primary key (id),
        constraint ck_platform_auth_events_outcome check (outcome in ('ok', 'refused'))
      )`);
    await q.query(`grant select, insert on platform_auth_events to ${PLATFORM_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table platform_auth_events`);
    await q.query(`drop table auth_events`);
    await q.query(`drop table citizens`);
  }
}
