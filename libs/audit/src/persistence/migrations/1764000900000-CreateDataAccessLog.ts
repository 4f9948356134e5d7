import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';
import { DATA_ACCESS_ACTIONS } from '../../domain/data-access.entity.js';

/** The citizens' data-access log: who saw whose data, when and why. */
export class CreateDataAccessLog1764000900000 implements MigrationInterface {
  name = 'CreateDataAccessLog1764000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table data_access_log (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        occurred_at timestamptz not null default now(),
        person_id uuid not null,
        application_id uuid,
        action text not null,
        actor_kind text not null,
        actor_id uuid,
        actor_name text not null,
        reason text not null,
        detail text,
        constraint pk_data_access_log primary key (tenant_id, id),
        constraint fk_data_access_log_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint ck_data_access_log_action check (action in (${DATA_ACCESS_ACTIONS.map((a) => `'${a}'`).join(', ')})),
        constraint ck_data_access_log_actor_kind check (actor_kind in ('staff', 'register', 'system'))
      )`);
    await q.query(`create index ix_data_access_log_person on data_access_log (tenant_id, person_id, occurred_at)`);
    await q.query(
      `create index ix_data_access_log_application on data_access_log (tenant_id, application_id, occurred_at)`,
    );
    // Append-only: the apps may add a row and read them, never change or remove one.
    await protectTenantTable(q, 'data_access_log', ['select', 'insert']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table data_access_log`);
  }
}
