import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, inEachTenant } from '@townhall/tenancy';
import { REFUSAL_OF_NO_PAYMENT, REFUSAL_OF_PAYMENT, REFUSED_VERDICTS } from '../../domain/payment-event.entity.js';
import { PAYMENT_REFUND_REASON_CHECK } from '../../domain/payment.entity.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Why a payment's money is owed or was given back (`payments.refund_reason`: a booking
 * cancelled, an application withdrawn, a payment that came too late, the office), so that the
 * sweep that makes an owed refund and the message that tells the payer can say it.
 *
 * Refused callbacks counted instead of each kept: one `payment_events` row per payment and
 * verdict (per verdict for those naming no payment of the municipality) with `repeats` and
 * `last_received_at`, so forged messages cannot fill the table. The rows refused before are
 * folded the same way. The app role may update those two columns only: the rest of a row
 * stays as it was written.
 */
export class RefundReasonsAndCountedRefusals1764004700000 implements MigrationInterface {
  name = 'RefundReasonsAndCountedRefusals1764004700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table payments add column refund_reason text`);
    await q.query(
      `alter table payments add constraint ck_payments_refund_reason check (${PAYMENT_REFUND_REASON_CHECK})`,
    );

    await q.query(`alter table payment_events add column repeats integer not null default 1`);
    await q.query(`alter table payment_events add column last_received_at timestamptz not null default now()`);
    // Row-level security binds the owner too: the backfill runs as each municipality in turn.
    await inEachTenant(q, `update payment_events set last_received_at = received_at`);
    const ranked = `
      with ranked as (
        select tenant_id, id,
               row_number() over w as n, count(*) over w as total, max(received_at) over w as last
          from payment_events
         where verdict in (${list(REFUSED_VERDICTS)})
        window w as (partition by tenant_id, payment_id, verdict order by received_at, id
                     rows between unbounded preceding and unbounded following)
      )`;
    await inEachTenant(
      q,
      `${ranked}
      update payment_events e set repeats = r.total, last_received_at = r.last
        from ranked r where e.tenant_id = r.tenant_id and e.id = r.id and r.n = 1 and r.total > 1`,
    );
    await inEachTenant(
      q,
      `${ranked}
      delete from payment_events e using ranked r where e.tenant_id = r.tenant_id and e.id = r.id and r.n > 1`,
    );
    await q.query(
      `create unique index uq_payment_events_refusal on payment_events (tenant_id, payment_id, verdict) where ${REFUSAL_OF_PAYMENT}`,
    );
    await q.query(
      `create unique index uq_payment_events_refusal_unnamed on payment_events (tenant_id, verdict) where ${REFUSAL_OF_NO_PAYMENT}`,
    );
    await q.query(`grant update (repeats, last_received_at) on payment_events to ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`revoke update (repeats, last_received_at) on payment_events from ${APP_ROLE}`);
    await q.query(`drop index uq_payment_events_refusal_unnamed`);
    await q.query(`drop index uq_payment_events_refusal`);
    await q.query(`alter table payment_events drop column last_received_at`);
    await q.query(`alter table payment_events drop column repeats`);
    await q.query(`alter table payments drop constraint ck_payments_refund_reason`);
    await q.query(`alter table payments drop column refund_reason`);
  }
}
