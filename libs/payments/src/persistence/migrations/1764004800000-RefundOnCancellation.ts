import { inEachTenant } from '@townhall/tenancy';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const check = (reasons: string[]) =>
  `refund_reason is null or refund_reason in (${reasons.map((r) => `'${r}'`).join(', ')})`;
const BEFORE = ['booking-cancelled', 'application-withdrawn', 'application-rejected', 'purpose-gone', 'office'];

/**
 * A fee given back because the application was cancelled by a step of its workflow that says so
 * (a template's `refundsFee`: a paid wedding ceremony or room booking cancelled), told apart from
 * a withdrawal and a refusal in the payer's message. The lists are written out: a migration
 * keeps the values of its day.
 */
export class RefundOnCancellation1764004800000 implements MigrationInterface {
  name = 'RefundOnCancellation1764004800000';

  async up(q: QueryRunner): Promise<void> {
    const after = [...BEFORE.slice(0, 3), 'application-cancelled', ...BEFORE.slice(3)];
    await q.query(`alter table payments drop constraint ck_payments_refund_reason`);
    await q.query(`alter table payments add constraint ck_payments_refund_reason check (${check(after)})`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Row-level security binds the owner too: each municipality's rows in turn.
    await inEachTenant(q, `update payments set refund_reason = 'office' where refund_reason = 'application-cancelled'`);
    await q.query(`alter table payments drop constraint ck_payments_refund_reason`);
    await q.query(`alter table payments add constraint ck_payments_refund_reason check (${check(BEFORE)})`);
  }
}
