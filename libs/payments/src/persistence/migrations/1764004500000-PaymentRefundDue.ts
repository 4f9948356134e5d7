import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refund the payments owe (what was paid for is gone), written in the transaction that
 * records the payment as paid, so that a gateway that fails or a process that dies before the
 * refund cannot lose it: the sweep refunds it until the gateway says done.
 */
export class PaymentRefundDue1764004500000 implements MigrationInterface {
  name = 'PaymentRefundDue1764004500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table payments add column refund_due_at timestamptz`);
    await q.query(
      `create index ix_payments_refund_due on payments (tenant_id, refund_due_at) where refund_due_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index ix_payments_refund_due`);
    await q.query(`alter table payments drop column refund_due_at`);
  }
}
