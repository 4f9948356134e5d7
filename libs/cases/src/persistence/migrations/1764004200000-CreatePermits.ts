import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';

/** Permits issued with a decision (a parking permit), verifiable by the QR code on their document. */
export class CreatePermits1764004200000 implements MigrationInterface {
  name = 'CreatePermits1764004200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table permits (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        application_id uuid not null,
        kind text not null,
        number text not null,
        holder_name text not null,
        registration text not null,
        zone text not null,
        zone_label jsonb not null,
        valid_from date not null,
        valid_until date not null,
        issued_at timestamptz not null default now(),
        revoked_at timestamptz,
        document_id uuid,
        constraint pk_permits primary key (tenant_id, id),
        constraint uq_permits_application unique (tenant_id, application_id),
        constraint fk_permits_application foreign key (tenant_id, application_id) references applications (tenant_id, id)
      )`);
    // Issued once, revoked by an update; never deleted (the inspector's answer stays true).
    await protectTenantTable(q, 'permits', ['select', 'insert', 'update']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table permits`);
  }
}
