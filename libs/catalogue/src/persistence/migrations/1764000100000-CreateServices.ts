import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';

/** The catalogue of each municipality: tenant-owned, behind row-level security. */
export class CreateServices1764000100000 implements MigrationInterface {
  name = 'CreateServices1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table services (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        code text not null,
        category text not null,
        title jsonb not null,
        summary jsonb not null,
        enabled boolean not null default true,
        position int not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_services primary key (tenant_id, id),
        constraint uq_services_code unique (tenant_id, code),
        constraint fk_services_tenant foreign key (tenant_id) references tenants (id) on delete cascade
      )`);
    await protectTenantTable(q, 'services');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table services`);
  }
}
