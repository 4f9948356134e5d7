import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import { OFFICE_METHODS, type PaymentEntity } from '../domain/payment.entity.js';
import { PaymentsException, PaymentsExceptionCode } from '../domain/payments.exception.js';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { PaymentTransitions } from './payment-transitions.js';

/**
 * What the finance department records by hand for the payments that pass outside the gateway
 * (an invoice, a payment at the customer service desk): the money received, and the money given
 * back. Each change goes through PaymentTransitions as a callback or a gateway refund does: the
 * receipt number, the purpose told (a held booking confirmed), the payer notified, and the
 * change logged (source `office`) with who recorded it. Recording twice changes nothing more.
 */
@Injectable()
export class RecordOfficePaymentUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly transitions: PaymentTransitions,
  ) {}

  /**
   * The money of an invoice or a visit to the desk has come: the payment becomes paid. One that
   * expired meanwhile is taken too; its purpose decides whether to keep it (else it is owed back).
   * `by`: the official, for the log.
   */
  async received(paymentId: string, by: string, note?: string): Promise<PaymentEntity> {
    const payment = await this.officePayment(paymentId, 'received');
    if (payment.status === 'paid' || payment.status === 'refunded') return payment;
    if (payment.status !== 'pending' && payment.status !== 'expired') {
      throw new PaymentsException(
        'Only a payment waiting for its invoice or a visit to the desk can be recorded as received.',
        PaymentsExceptionCode.NotPayable,
      );
    }
    const outcome = await this.transitions.apply(paymentId, 'paid', {
      source: 'office',
      reported: { by, ...(note ? { note } : {}) },
    });
    return outcome.payment;
  }

  /**
   * The money of a paid invoice or desk payment has been given back (a bank transfer, cash at the
   * desk), as `reference` says: the payment becomes refunded, for the reason it was owed, if it was.
   */
  async refundGiven(paymentId: string, by: string, reference: string): Promise<PaymentEntity> {
    const payment = await this.officePayment(paymentId, 'refunded');
    if (payment.status === 'refunded') return payment;
    if (payment.status !== 'paid') {
      throw new PaymentsException('Only a paid payment can be refunded.', PaymentsExceptionCode.NotRefundable);
    }
    const reason = payment.refundReason ?? 'office';
    const outcome = await this.transitions.apply(
      paymentId,
      'refunded',
      { source: 'office', reported: { by, reference, reason } },
      { refundRef: reference, refundReason: reason },
    );
    return outcome.payment;
  }

  /** The payment, if it is one of the office's to record; the gateway's callback and refund record the others. */
  private async officePayment(paymentId: string, what: 'received' | 'refunded'): Promise<PaymentEntity> {
    const payment = await this.tenantDb.read(() => this.payments.findById(paymentId));
    if (!payment) throw new PaymentsException('There is no such payment.', PaymentsExceptionCode.PaymentNotFound);
    if (!payment.method || !OFFICE_METHODS.includes(payment.method)) {
      throw new PaymentsException(
        what === 'received'
          ? 'This payment is not an invoice or a payment at the desk: the payment service records it.'
          : 'This payment was made through the payment service: refund it there (the Refund button).',
        what === 'received' ? PaymentsExceptionCode.NotPayable : PaymentsExceptionCode.NotRefundable,
      );
    }
    return payment;
  }
}
