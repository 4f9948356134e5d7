import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What each municipality grants without an application (libs/entitlements): none until its file says. */
export class TenantProactiveServices1764003710000 implements MigrationInterface {
  name = 'TenantProactiveServices1764003710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table tenants add column proactive jsonb not null default '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table tenants drop column proactive`);
  }
}
