import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';

/** What applicants owe after a decision: reports, confirmations of participation. */
export class CreateFollowUps1764001300000 implements MigrationInterface {
  name = 'CreateFollowUps1764001300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table follow_ups (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        application_id uuid not null,
        follow_up_key text not null,
        due_at timestamptz not null,
        answers jsonb not null default '{}',
        steps_done int not null default 0,
        submitted_at timestamptz,
        version int not null default 1,
        created_at timestamptz not null default now(),
        constraint pk_follow_ups primary key (tenant_id, id),
        constraint uq_follow_ups_key unique (tenant_id, application_id, follow_up_key),
        constraint fk_follow_ups_application foreign key (tenant_id, application_id) references applications (tenant_id, id)
      )`);
    await q.query(`create index ix_follow_ups_due on follow_ups (tenant_id, due_at)`);
    await protectTenantTable(q, 'follow_ups', ['select', 'insert', 'update']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table follow_ups`);
  }
}
