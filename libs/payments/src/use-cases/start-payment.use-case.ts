import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import { GATEWAY_METHODS, type PaymentEntity, type PaymentMethod } from '../domain/payment.entity.js';
import { PaymentsException, PaymentsExceptionCode } from '../domain/payments.exception.js';
import { PaymentProvider } from '../gateway/payment-provider.js';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { PaymentConfiguration } from './payment-configuration.js';

export interface StartPayment {
  paymentId: string;
  payerId: string;
  method: PaymentMethod;
  /** The municipality's own origin (http://tartu.localhost:3000): where the gateway returns and calls back. */
  origin: string;
  /** The payer's language, for the gateway's page. */
  description: string;
}

/**
 * The payer chose how to pay. Card or bank link: a session is opened at the gateway (server to
 * server, signed) and the payer is sent to its page. Invoice or at the office: the payment
 * waits (pending) for the finance department to record it.
 */
@Injectable()
export class StartPaymentUseCase {
  private readonly logger = new Logger(StartPaymentUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly configuration: PaymentConfiguration,
    private readonly provider: PaymentProvider,
  ) {}

  async execute(input: StartPayment): Promise<{ payment: PaymentEntity; redirectUrl: string | null }> {
    const payment = await this.tenantDb.read(() => this.payments.findById(input.paymentId));
    if (!payment || payment.payerId !== input.payerId) {
      throw new PaymentsException('There is no such payment.', PaymentsExceptionCode.PaymentNotFound);
    }
    if (payment.status === 'pending' && payment.method === input.method && payment.redirectUrl) {
      return { payment, redirectUrl: payment.redirectUrl }; // the same choice again (back button)
    }
    if (payment.status !== 'created' || payment.expiresAt.getTime() <= Date.now()) {
      throw new PaymentsException(
        payment.status === 'paid' ? 'This payment is paid already.' : 'This payment can no longer be paid.',
        PaymentsExceptionCode.NotPayable,
      );
    }
    const { settings } = await this.configuration.current();
    if (!settings?.methods.includes(input.method)) {
      throw new PaymentsException(`${input.method} is not a way to pay here.`, PaymentsExceptionCode.MethodNotOffered, [
        { field: 'method', message: `choose one of ${(settings?.methods ?? []).join(', ')}` },
      ]);
    }
    if (!GATEWAY_METHODS.includes(input.method)) {
      const moved = await this.tenantDb.run(() =>
        this.payments.transition(payment.id, ['created'], 'pending', { method: input.method }),
      );
      if (!moved) throw new PaymentsException('This payment can no longer be paid.', PaymentsExceptionCode.NotPayable);
      return { payment: (await this.tenantDb.read(() => this.payments.findById(payment.id)))!, redirectUrl: null };
    }
    const merchant = await this.configuration.merchant();
    const session = await this.provider.createSession(merchant, {
      reference: payment.id,
      amount: payment.amount,
      currency: payment.currency,
      method: input.method,
      description: input.description,
      returnUrl: `${input.origin}/payments/${payment.id}/return`,
      callbackUrl: `${input.origin}/api/v1/payments/callback`,
      expiresAt: payment.expiresAt,
    });
    const moved = await this.tenantDb.run(() =>
      this.payments.transition(payment.id, ['created'], 'pending', {
        method: input.method,
        providerRef: session.sessionId,
        redirectUrl: session.redirectUrl,
      }),
    );
    const now = (await this.tenantDb.read(() => this.payments.findById(payment.id)))!;
    if (!moved) {
      // Another tab started it first: go where that one went (its session), never to a second one.
      if (now.status === 'pending' && now.redirectUrl) return { payment: now, redirectUrl: now.redirectUrl };
      throw new PaymentsException('This payment can no longer be paid.', PaymentsExceptionCode.NotPayable);
    }
    this.logger.log(
      { payment: payment.id, method: input.method, session: session.sessionId },
      'payment session opened',
    );
    return { payment: now, redirectUrl: session.redirectUrl };
  }
}
