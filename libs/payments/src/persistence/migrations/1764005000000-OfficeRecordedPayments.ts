import { inEachTenant } from '@townhall/tenancy';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const check = (sources: string[]) => `source in (${sources.map((s) => `'${s}'`).join(', ')})`;
const BEFORE = ['callback', 'sweep', 'refund'];

/**
 * A payment's change recorded by the finance department (an invoice or a payment at the desk
 * received, its money given back) is logged as such. The list is written out: a migration keeps
 * the values of its day.
 */
export class OfficeRecordedPayments1764005000000 implements MigrationInterface {
  name = 'OfficeRecordedPayments1764005000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table payment_events drop constraint ck_payment_events_source`);
    await q.query(
      `alter table payment_events add constraint ck_payment_events_source check (${check([...BEFORE, 'office'])})`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Going back loses the office's records of those changes (the payments keep their status):
    // no other source may claim them.
    await inEachTenant(q, `delete from payment_events where source = 'office'`);
    await q.query(`alter table payment_events drop constraint ck_payment_events_source`);
    await q.query(`alter table payment_events add constraint ck_payment_events_source check (${check(BEFORE)})`);
  }
}
