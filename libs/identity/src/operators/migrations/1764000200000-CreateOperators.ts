import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PLATFORM_ROLE } from '@townhall/tenancy';

export class CreateOperators1764000200000 implements MigrationInterface {
  name = 'CreateOperators1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table operators (
        id uuid not null default gen_random_uuid(),
        email text not null,
        display_name text not null,
        password_hash text not null,
        disabled_at timestamptz,
        last_login_at timestamptz,
        created_at timestamptz not null default now(),
        constraint pk_operators primary key (id),
        constraint uq_operators_email unique (email),
        constraint ck_operators_email check (email = lower(email))
      )`);
    // Only the admin app and the CLI: the tenant host never sees operators' password hashes.
    await q.query(`grant select, insert, update on operators to ${PLATFORM_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table operators`);
  }
}
