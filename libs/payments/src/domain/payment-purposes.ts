import { Injectable } from '@nestjs/common';
import type { PaymentEntity, PaymentPurposeKind } from './payment.entity.js';

/** What a purpose's library is told of a payment (a copy: it cannot change the payment). */
export type SettledPayment = Readonly<
  Pick<
    PaymentEntity,
    | 'id'
    | 'purposeKind'
    | 'purposeId'
    | 'payerId'
    | 'amount'
    | 'currency'
    | 'method'
    | 'status'
    | 'receiptNumber'
    | 'paidAt'
  >
>;

/**
 * The seam between payments and what is paid for (PaymentSettled). The library that asks for
 * money (bookings for a held booking, cases for an application's fee) registers one handler for
 * its purpose kind, in onModuleInit, in every app that changes payments (api: callbacks and
 * refunds; worker: the expiry sweep). Each hook runs inside the tenant transaction that
 * changes the payment, exactly once per change (the change is a conditional UPDATE): what it
 * writes commits or rolls back with the payment. A hook that throws rolls the change back, and
 * the gateway's callback is answered 5xx, so the gateway sends it again.
 */
export interface PaymentPurposeHandler {
  readonly kind: PaymentPurposeKind;
  /**
   * The payment is paid (PaymentSettled). Confirm the booking, move the application on. Say
   * `'refund'` when what was paid for is gone (a hold expired and its slot was taken): the
   * payment is then refunded through the gateway after the commit.
   */
  paid(payment: SettledPayment): Promise<void | 'refund'>;
  /** The payment session expired unpaid (or the payer cancelled or the gateway refused it): release the hold. */
  lapsed?(payment: SettledPayment): Promise<void>;
  /** The money was given back. */
  refunded?(payment: SettledPayment): Promise<void>;
}

/** Where purpose handlers are registered; a payment whose kind has none is still settled (and logged). */
@Injectable()
export class PaymentPurposes {
  private readonly handlers = new Map<PaymentPurposeKind, PaymentPurposeHandler>();

  register(handler: PaymentPurposeHandler): void {
    if (this.handlers.has(handler.kind))
      throw new Error(`a payment purpose handler for ${handler.kind} is registered already`);
    this.handlers.set(handler.kind, handler);
  }

  handlerOf(kind: PaymentPurposeKind): PaymentPurposeHandler | undefined {
    return this.handlers.get(kind);
  }
}

export function settled(payment: PaymentEntity): SettledPayment {
  const { id, purposeKind, purposeId, payerId, amount, currency, method, status, receiptNumber, paidAt } = payment;
  return Object.freeze({
    id,
    purposeKind,
    purposeId,
    payerId,
    amount,
    currency,
    method,
    status,
    receiptNumber,
    paidAt,
  });
}
