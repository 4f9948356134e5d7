import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';
import { ENTITLEMENT_SOURCES } from '../../domain/entitlement.entity.js';

/** Benefits people hold at a municipality, granted without an application (proactive services). */
export class CreateEntitlements1764003730000 implements MigrationInterface {
  name = 'CreateEntitlements1764003730000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table entitlements (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        code text not null,
        person_country text not null,
        person_code text not null,
        name text not null,
        granted_at timestamptz not null default now(),
        valid_from date not null,
        source text not null,
        constraint pk_entitlements primary key (tenant_id, id),
        constraint uq_entitlements_person unique (tenant_id, code, person_country, person_code),
        constraint fk_entitlements_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint ck_entitlements_source check (source in (${ENTITLEMENT_SOURCES.map((s) => `'${s}'`).join(', ')}))
      )`);
    await q.query(`create index ix_entitlements_person on entitlements (tenant_id, person_country, person_code)`);
    await q.query(`create index ix_entitlements_code on entitlements (tenant_id, code, granted_at)`);
    // Granted, never changed or taken back by the apps (yet): select and insert only.
    await protectTenantTable(q, 'entitlements', ['select', 'insert']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table entitlements`);
  }
}
