import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import { GATEWAY_METHODS, type PaymentEntity, type RefundReason } from '../domain/payment.entity.js';
import { PaymentsException, PaymentsExceptionCode } from '../domain/payments.exception.js';
import { PaymentProvider } from '../gateway/payment-provider.js';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { PaymentConfiguration } from './payment-configuration.js';
import { PaymentTransitions } from './payment-transitions.js';

/**
 * Gives a paid payment's money back through the gateway (on a withdrawal or cancellation the
 * purpose's rules allow, by the finance department, or when what was paid for is gone). The
 * gateway's refund is idempotent per session, so a refund asked twice gives money back once;
 * the payment becomes refunded once, and the payer is told then (PaymentTransitions). The
 * reason is the one the refund was owed for, if it was (OwedRefunds), else the one given.
 */
@Injectable()
export class RefundPaymentUseCase {
  private readonly logger = new Logger(RefundPaymentUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly configuration: PaymentConfiguration,
    private readonly provider: PaymentProvider,
    private readonly transitions: PaymentTransitions,
  ) {}

  /** `by`: who asked for it, for the log (an official's id). */
  async execute(paymentId: string, reason: RefundReason, by?: string): Promise<PaymentEntity> {
    const payment = await this.tenantDb.read(() => this.payments.findById(paymentId));
    if (!payment) throw new PaymentsException('There is no such payment.', PaymentsExceptionCode.PaymentNotFound);
    if (payment.status === 'refunded') return payment;
    if (payment.status !== 'paid') {
      throw new PaymentsException('Only a paid payment can be refunded.', PaymentsExceptionCode.NotRefundable);
    }
    if (!payment.method || !GATEWAY_METHODS.includes(payment.method) || !payment.providerRef) {
      throw new PaymentsException(
        'This payment was not made through the payment service: give the money back by bank transfer or at the desk, then record it (Record refund given).',
        PaymentsExceptionCode.NotRefundable,
      );
    }
    const merchant = await this.configuration.merchant();
    const { refundId } = await this.provider.refund(merchant, {
      sessionId: payment.providerRef,
      reference: payment.id,
      amount: payment.amount,
      currency: payment.currency,
    });
    const why = payment.refundReason ?? reason;
    const outcome = await this.transitions.apply(
      payment.id,
      'refunded',
      { source: 'refund', reported: { refundId, reason: why, ...(by ? { by } : {}) } },
      { refundRef: refundId, refundReason: why },
    );
    this.logger.log({ payment: payment.id, refundId, reason: why, verdict: outcome.verdict }, 'payment refunded');
    return outcome.payment;
  }
}
