import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The applications feed in the order changes become visible. Each row carries the id of the
 * transaction that last wrote it (a trigger sets it: no writer can forget); the feed lists only
 * rows written by transactions older than every transaction still running, so a change committed
 * late is never behind a position a reader has passed (updated_at is the transaction's start).
 */
export class ApplicationsChangeXid1764004100000 implements MigrationInterface {
  name = 'ApplicationsChangeXid1764004100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table applications add column change_xid bigint not null default 0`);
    await q.query(`update applications set change_xid = pg_current_xact_id()::text::bigint`);
    await q.query(`
      create function applications_change_xid() returns trigger language plpgsql as $$
      begin
        new.change_xid := pg_current_xact_id()::text::bigint;
        return new;
      end $$`);
    await q.query(`
      create trigger applications_change_xid before insert or update on applications
        for each row execute function applications_change_xid()`);
    await q.query(`drop index ix_applications_updated`);
    await q.query(`create index ix_applications_change on applications (tenant_id, change_xid, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index ix_applications_change`);
    await q.query(`create index ix_applications_updated on applications (tenant_id, updated_at, id)`);
    await q.query(`drop trigger applications_change_xid on applications`);
    await q.query(`drop function applications_change_xid()`);
    await q.query(`alter table applications drop column change_xid`);
  }
}
