import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where each municipality looks people and companies up (its country's registers). */
export class TenantRegisters1764000600000 implements MigrationInterface {
  name = 'TenantRegisters1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table tenants add column registers jsonb not null default '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table tenants drop column registers`);
  }
}
