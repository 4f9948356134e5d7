import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';

/**
 * Institutions and resources managed in the office: who manages each (the tenant file or the
 * office), and photos of resources (their bytes in the file storage).
 */
export class OfficeResources1764004350000 implements MigrationInterface {
  name = 'OfficeResources1764004350000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['institutions', 'resources']) {
      await q.query(`alter table ${table} add column managed_by text not null default 'file'`);
      await q.query(
        `alter table ${table} add constraint ck_${table}_managed_by check (managed_by in ('file', 'office'))`,
      );
    }
    await q.query(`
      create table resource_photos (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        resource_id uuid not null,
        alt text not null,
        media_type text not null,
        size_bytes integer not null,
        storage_key text not null,
        created_at timestamptz not null default now(),
        constraint pk_resource_photos primary key (tenant_id, id),
        constraint fk_resource_photos_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint fk_resource_photos_resource foreign key (tenant_id, resource_id) references resources (tenant_id, id)
      )`);
    await q.query('create index ix_resource_photos_resource on resource_photos (tenant_id, resource_id)');
    await protectTenantTable(q, 'resource_photos', ['select', 'insert', 'delete']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table resource_photos');
    for (const table of ['institutions', 'resources']) {
      await q.query(`alter table ${table} drop constraint ck_${table}_managed_by`);
      await q.query(`alter table ${table} drop column managed_by`);
    }
  }
}
