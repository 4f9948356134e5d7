import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import type { PaymentEventVerdict, RefusedVerdict } from '../domain/payment-event.entity.js';
import { PaymentProvider } from '../gateway/payment-provider.js';
import { PaymentEventsRepository } from '../persistence/payment-events.repository.js';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { PaymentConfiguration } from './payment-configuration.js';
import { PaymentTransitions } from './payment-transitions.js';
import { RefundPaymentUseCase } from './refund-payment.use-case.js';

/** What each verdict answers the gateway: 2xx for what it need not send again, 4xx for what it must not. */
export const CALLBACK_ANSWER: Record<PaymentEventVerdict, number> = {
  accepted: 200,
  duplicate: 200,
  'out-of-order': 200,
  'bad-signature': 401,
  'wrong-tenant': 403,
  unknown: 404,
  'amount-mismatch': 422,
};

const STATUS_CHANGE = { paid: 'paid', failed: 'failed', cancelled: 'failed' } as const;

/**
 * A gateway's server-to-server callback: the source of truth of whether a payment is paid.
 * Checked in this order, each refusal logged and recorded in payment_events with its verdict
 * and the body's hash (counted: one row per payment and verdict, so that forged messages cannot
 * fill the table): the merchant is this municipality's (else wrong-tenant), the signature is its
 * secret's (constant time; else bad-signature), the payment is one of its own with this session
 * (else unknown), the amount and currency are the payment's (never taken from the message;
 * else amount-mismatch). Then the change is made once (PaymentTransitions), whatever number of
 * copies arrive, in whatever order.
 */
@Injectable()
export class HandleCallbackUseCase {
  private readonly logger = new Logger(HandleCallbackUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly configuration: PaymentConfiguration,
    private readonly provider: PaymentProvider,
    private readonly payments: PaymentsRepository,
    private readonly events: PaymentEventsRepository,
    private readonly transitions: PaymentTransitions,
    private readonly refund: RefundPaymentUseCase,
  ) {}

  async execute(
    body: Record<string, unknown>,
    signature: string | undefined,
    bodySha256: string | null,
  ): Promise<{ verdict: PaymentEventVerdict; status: number }> {
    const reported = pick(body, [
      'merchantId',
      'sessionId',
      'reference',
      'eventId',
      'status',
      'amount',
      'currency',
      'sentAt',
    ]);
    const refuse = async (verdict: RefusedVerdict, paymentId: string | null, detail: Record<string, unknown> = {}) => {
      const repeats = await this.tenantDb.run(() =>
        this.events.refused({ paymentId, source: 'callback', verdict, reported, bodySha256 }),
      );
      // Every copy is in the log; the table keeps the first and counts the others.
      this.logger.warn(
        { verdict, payment: paymentId, reported, repeats, bodySha256, ...detail },
        'payment callback refused',
      );
      return { verdict, status: CALLBACK_ANSWER[verdict] };
    };

    const merchant = await this.configuration.merchantOrNull();
    if (!merchant || body.merchantId !== merchant.merchantId) return refuse('wrong-tenant', null);
    const payment = await this.tenantDb.read(() => this.payments.findById(String(body.reference ?? '')));
    if (!this.provider.verifyCallback(merchant, body, signature)) return refuse('bad-signature', payment?.id ?? null);
    if (!payment || !payment.providerRef || payment.providerRef !== body.sessionId) {
      return refuse('unknown', payment?.id ?? null);
    }
    if (body.amount !== payment.amount || body.currency !== payment.currency) {
      return refuse('amount-mismatch', payment.id, {
        expected: { amount: payment.amount, currency: payment.currency },
      });
    }
    const change = STATUS_CHANGE[body.status as keyof typeof STATUS_CHANGE];
    if (!change) return refuse('unknown', payment.id, { why: 'status' });

    const outcome = await this.transitions.apply(payment.id, change, { source: 'callback', reported, bodySha256 });
    if (outcome.refundWanted) {
      // What was paid for is gone (e.g. the hold expired and the slot was taken): the money goes back.
      await this.refund
        .execute(payment.id, 'purpose-gone')
        .catch((error: Error) =>
          this.logger.error(
            { err: error, payment: payment.id },
            'refund of a payment whose purpose is gone failed; the sweep tries again',
          ),
        );
    }
    return { verdict: outcome.verdict, status: CALLBACK_ANSWER[outcome.verdict] };
  }
}

function pick(body: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = body[name];
    if (typeof value === 'string') out[name] = value.slice(0, 200);
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = value;
  }
  return out;
}
