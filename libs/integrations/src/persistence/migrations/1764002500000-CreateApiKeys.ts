import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';
import { API_KEY_SCOPES_CHECK } from '../../domain/api-key.entity.js';

/** Municipalities' API keys for their own systems (hashed, scoped, revocable). */
export class CreateApiKeys1764002500000 implements MigrationInterface {
  name = 'CreateApiKeys1764002500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table api_keys (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        name text not null,
        prefix text not null,
        secret_hash text not null,
        scopes text[] not null,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid,
        constraint pk_api_keys primary key (tenant_id, id),
        constraint uq_api_keys_prefix unique (tenant_id, prefix),
        constraint fk_api_keys_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint fk_api_keys_created_by foreign key (tenant_id, created_by) references staff_members (tenant_id, id),
        constraint fk_api_keys_revoked_by foreign key (tenant_id, revoked_by) references staff_members (tenant_id, id),
        constraint ck_api_keys_scopes check (${API_KEY_SCOPES_CHECK}),
        constraint ck_api_keys_name check (char_length(name) between 1 and 80),
        constraint ck_api_keys_revoked check ((revoked_at is null) = (revoked_by is null))
      )`);
    // A key is revoked, never deleted: who made and who revoked it stays known.
    await protectTenantTable(q, 'api_keys', ['select', 'insert', 'update']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table api_keys`);
  }
}
