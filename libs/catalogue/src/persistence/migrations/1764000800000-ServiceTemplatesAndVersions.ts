import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, PLATFORM_ROLE, protectTenantTable } from '@townhall/tenancy';

/**
 * Services become customised templates. The platform's templates are published into
 * service_templates (one row per version, never changed); each municipality's service names
 * the template version it adopted and holds its draft customisation; publishing it writes an
 * immutable service_versions row with the service as citizens get it, which applications pin.
 */
export class ServiceTemplatesAndVersions1764000800000 implements MigrationInterface {
  name = 'ServiceTemplatesAndVersions1764000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table service_templates (
        code text not null,
        version int not null,
        definition jsonb not null,
        published_at timestamptz not null default now(),
        constraint pk_service_templates primary key (code, version),
        constraint ck_service_templates_version check (version >= 1)
      )`);
    // Every app reads the templates; the platform publishes them; nobody changes one.
    await q.query(`grant select on service_templates to ${APP_ROLE}`);
    await q.query(`grant select, insert on service_templates to ${PLATFORM_ROLE}`);

    await q.query(`alter table services add column template_version int`);
    await q.query(`alter table services add column customisation jsonb not null default '{}'`);
    await q.query(`alter table services add column published_version int`);
    await q.query(`alter table services add column search tsvector`);
    // What the municipality's file last said of the service: the file wins only when it changes.
    await q.query(`alter table services add column file_hash text`);
    await q.query(`create index ix_services_search on services using gin (search)`);

    await q.query(`
      create table service_versions (
        tenant_id uuid not null,
        service_id uuid not null,
        version int not null,
        template_code text not null,
        template_version int not null,
        customisation jsonb not null,
        definition jsonb not null,
        published_at timestamptz not null default now(),
        published_by text not null,
        constraint pk_service_versions primary key (tenant_id, service_id, version),
        constraint fk_service_versions_service foreign key (tenant_id, service_id)
          references services (tenant_id, id) on delete cascade,
        constraint fk_service_versions_template foreign key (template_code, template_version)
          references service_templates (code, version)
      )`);
    // Immutable: the app may add a version and read them, never change or remove one.
    await protectTenantTable(q, 'service_versions', ['select', 'insert']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table service_versions`);
    await q.query(`drop index ix_services_search`);
    for (const column of ['template_version', 'customisation', 'published_version', 'search', 'file_hash']) {
      await q.query(`alter table services drop column ${column}`);
    }
    await q.query(`drop table service_templates`);
  }
}
