import { Injectable, Logger } from '@nestjs/common';
import { Outbox } from '@townhall/notifications';
import { TenantDatabase } from '@townhall/tenancy';
import type { PaymentEventSource, PaymentEventVerdict } from '../domain/payment-event.entity.js';
import type { PaymentEntity, PaymentPurposeKind, PaymentStatus, RefundReason } from '../domain/payment.entity.js';
import { PaymentPurposes, settled } from '../domain/payment-purposes.js';
import { PaymentEventsRepository } from '../persistence/payment-events.repository.js';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { ReceiptNumbers } from '../persistence/receipt-numbers.js';

export type PaymentChange = 'paid' | 'failed' | 'expired' | 'refunded';

/**
 * From which statuses each change may be made. A paid payment never goes back to pending or
 * failed; an expired one may still become paid (the gateway took the money after our clock
 * ran out: the purpose's handler decides whether to keep it or refund it).
 */
const FROM: Record<PaymentChange, readonly PaymentStatus[]> = {
  paid: ['created', 'pending', 'expired'],
  failed: ['created', 'pending'],
  expired: ['created', 'pending'],
  refunded: ['paid'],
};

/**
 * Why the money goes back, as the payer's message says it (libs/notifications' `refundReasons`):
 * the reason, and for a payment that came too late, what it was for (a booking's hold that
 * lapsed, an application that no longer waited for its fee).
 */
export function refundMessageReason(kind: PaymentPurposeKind, reason: RefundReason): string {
  return reason === 'purpose-gone' ? `${kind}-gone` : reason;
}

export interface ChangeOutcome {
  verdict: Extract<PaymentEventVerdict, 'accepted' | 'duplicate' | 'out-of-order'>;
  payment: PaymentEntity;
  /** The purpose's handler asked for the money back (what was paid for is gone). */
  refundWanted: boolean;
}

/**
 * The one place a payment's status changes after it was started, for callbacks, the expiry
 * sweep and refunds alike. In one tenant transaction: the payment's row is locked (concurrent
 * copies of a callback queue here), the change is checked against the status found, made by a
 * conditional UPDATE, the receipt number taken, the purpose's handler told, the payer notified
 * (outbox: `payment.received`; `payment.refund-due` instead when the payment came too late and
 * its money goes back; `payment.refunded` when it has) and the event recorded with its
 * verdict. A copy that finds the change made already is a duplicate; one that would take a
 * settled payment back is out of order; both change nothing.
 */
@Injectable()
export class PaymentTransitions {
  private readonly logger = new Logger(PaymentTransitions.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly events: PaymentEventsRepository,
    private readonly receipts: ReceiptNumbers,
    private readonly purposes: PaymentPurposes,
    private readonly outbox: Outbox,
  ) {}

  apply(
    paymentId: string,
    change: PaymentChange,
    event: { source: PaymentEventSource; reported?: Record<string, unknown>; bodySha256?: string | null },
    set: { refundRef?: string; refundReason?: RefundReason } = {},
  ): Promise<ChangeOutcome> {
    return this.tenantDb.run(async () => {
      const before = await this.payments.lock(paymentId);
      if (!before) throw new Error(`payment ${paymentId} vanished`);
      const record = (verdict: PaymentEventVerdict, after: PaymentStatus) =>
        this.events.add({
          paymentId,
          source: event.source,
          verdict,
          reported: event.reported ?? {},
          statusBefore: before.status,
          statusAfter: after,
          bodySha256: event.bodySha256 ?? null,
        });
      const allowed =
        FROM[change].includes(before.status) && (change !== 'expired' || before.expiresAt.getTime() <= Date.now());
      if (!allowed) {
        const same = before.status === change;
        const verdict = same ? 'duplicate' : 'out-of-order';
        await record(verdict, before.status);
        if (!same)
          this.logger.warn(
            { payment: paymentId, status: before.status, change },
            'payment change out of order ignored',
          );
        return { verdict, payment: before, refundWanted: false };
      }
      const receiptNumber = change === 'paid' ? await this.receipts.take(new Date().getUTCFullYear()) : undefined;
      const moved = await this.payments.transition(paymentId, FROM[change], change, {
        ...(receiptNumber ? { receiptNumber, paidNow: true } : {}),
        ...(change === 'refunded'
          ? {
              refundedNow: true,
              ...(set.refundRef ? { refundRef: set.refundRef } : {}),
              ...(set.refundReason ? { refundReason: set.refundReason } : {}),
            }
          : {}),
      });
      if (!moved) throw new Error(`payment ${paymentId} changed under its lock`);
      const payment = (await this.payments.findById(paymentId))!;
      await record('accepted', payment.status);
      const handler = this.purposes.handlerOf(payment.purposeKind);
      let refundWanted = false;
      const toPayer = {
        recipient: { kind: 'citizen' as const, id: payment.payerId },
        payload: {
          reference: payment.receiptNumber,
          service: payment.description,
          amount: { minor: payment.amount, currency: payment.currency },
          path: `/payments/${payment.id}`,
        },
      };
      if (change === 'paid') {
        refundWanted = (await handler?.paid(settled(payment))) === 'refund';
        if (refundWanted) {
          // Owed in the same transaction as the payment: the refund itself follows after COMMIT,
          // and the sweep does it again until the gateway has (a failure or a crash loses nothing).
          await this.payments.markRefundDue(paymentId, 'purpose-gone');
          // The payer hears at once why the money goes back, rather than a plain receipt.
          const refundReason = refundMessageReason(payment.purposeKind, 'purpose-gone');
          await this.outbox.add({
            event: 'payment.refund-due',
            ...toPayer,
            payload: { ...toPayer.payload, refundReason },
          });
        } else {
          await this.outbox.add({ event: 'payment.received', ...toPayer });
        }
      } else if (change === 'failed' || change === 'expired') {
        await handler?.lapsed?.(settled(payment));
      } else {
        await handler?.refunded?.(settled(payment));
        // Once, with the refund: the money has gone back, and why.
        const refundReason = refundMessageReason(payment.purposeKind, payment.refundReason ?? 'office');
        const refundWay = event.source === 'office' ? 'office' : 'gateway';
        await this.outbox.add({
          event: 'payment.refunded',
          ...toPayer,
          payload: { ...toPayer.payload, refundReason, refundWay },
        });
      }
      if (!handler)
        this.logger.warn({ payment: paymentId, kind: payment.purposeKind }, 'no handler for the purpose of a payment');
      this.logger.log(
        { payment: paymentId, from: before.status, to: payment.status, source: event.source },
        'payment changed',
      );
      return { verdict: 'accepted', payment, refundWanted };
    });
  }
}
