import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, PLATFORM_ROLE } from '../tenant-table.sql.js';

/** The platform table of municipalities, with host names unique across all of them. */
export class CreateTenants1764000000000 implements MigrationInterface {
  name = 'CreateTenants1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table tenants (
        id uuid not null default gen_random_uuid(),
        slug text not null,
        name text not null,
        status text not null default 'provisioning',
        domains text[] not null default '{}',
        locales text[] not null,
        default_locale text not null,
        time_zone text not null,
        currency text not null default 'EUR',
        branding jsonb not null default '{}',
        identity_provider jsonb not null default '{}',
        setup jsonb not null default '{}',
        managed_by text not null default 'api',
        provisioning_progress int not null default 0,
        provisioning_error text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_tenants primary key (id),
        constraint uq_tenants_slug unique (slug),
        constraint ck_tenants_slug check (slug ~ '^[a-z][a-z0-9-]{1,62}$'),
        constraint ck_tenants_status check (status in ('provisioning', 'active', 'suspended')),
        constraint ck_tenants_default_locale check (default_locale = any (locales)),
        constraint ck_tenants_managed_by check (managed_by in ('api', 'file'))
      )`);
    await q.query(`create index ix_tenants_domains on tenants using gin (domains)`);
    // Host names must be unique across tenants; an array cannot carry a unique index, so a
    // trigger checks under a lock that serialises domain changes (they are rare).
    await q.query(`
      create function tenants_domains_unique() returns trigger language plpgsql as $$
      begin
        if cardinality(new.domains) = 0 then return new; end if;
        perform pg_advisory_xact_lock(hashtext('tenants.domains'));
        if exists (select 1 from tenants t where t.id <> new.id and t.domains && new.domains) then
          raise exception using errcode = '23505', constraint = 'uq_tenants_domains',
            message = 'a domain of tenant ' || new.slug || ' belongs to another tenant';
        end if;
        return new;
      end $$`);
    await q.query(`
      create trigger tg_tenants_domains_unique before insert or update of domains on tenants
      for each row execute function tenants_domains_unique()`);
    // The tenant host only resolves tenants; onboarding and provisioning write them.
    await q.query(`grant select on tenants to ${APP_ROLE}`);
    await q.query(`grant select, insert, update on tenants to ${PLATFORM_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table tenants`);
    await q.query(`drop function tenants_domains_unique()`);
  }
}
