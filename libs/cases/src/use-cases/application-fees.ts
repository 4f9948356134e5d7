import { Injectable } from '@nestjs/common';
import type { ServiceTemplate } from '@townhall/catalogue';
import {
  computeFee,
  OpenPaymentUseCase,
  PaymentsRepository,
  type ComputedFee,
  type PaymentEntity,
} from '@townhall/payments';
import { TenantDatabase } from '@townhall/tenancy';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import type { CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationLoader } from './application-loader.js';

/** Who records what happened to a fee in the history, and takes the step out of waiting for it. */
export const FEE_ACTOR: CaseActor = { kind: 'system', name: 'Townhall' };

/** "3300.00 SEK": an amount in the history, in no one language. */
export function amountText(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

/**
 * An application's fee: computed on the server from the pinned service version's fee rules
 * (with the municipality's amounts, merged in when the version was published) and the
 * answers (libs/payments computeFee), and asked for through libs/payments when the case
 * enters a state of kind `waiting-payment`: at submission for fees due `on-submit` (the
 * initial state), after approval for those due `on-approval`.
 */
@Injectable()
export class ApplicationFees {
  constructor(
    private readonly openPayment: OpenPaymentUseCase,
    private readonly payments: PaymentsRepository,
    private readonly events: ApplicationEventsRepository,
  ) {}

  /** The fee of the answers; null for a service without fee rules. */
  feeOf(service: ServiceTemplate, answers: Record<string, unknown>): ComputedFee | null {
    return service.fees ? computeFee({ fees: service.fees, answers }) : null;
  }

  /** The payment of the application's fee still open, or the one opened last. */
  async latest(applicationId: string): Promise<PaymentEntity | null> {
    return (await this.payments.latestFor('application-fee', [applicationId])).get(applicationId) ?? null;
  }

  /**
   * Inside the tenant transaction of the change that put the case in a `waiting-payment`
   * state: opens the fee's payment (or gives the one still open) and records it in the
   * history. `free`: the fee is nothing (no rule holds): nothing to pay, the case goes on.
   * A service without fee rules (a grant's repayment) opens none: the office records it.
   */
  async request(
    application: ApplicationEntity,
    service: ServiceTemplate,
  ): Promise<{ payment: PaymentEntity | null; free: boolean }> {
    const fee = this.feeOf(service, application.answers);
    if (!fee) return { payment: null, free: false };
    if (fee.total === 0) return { payment: null, free: true };
    const open = await this.payments.openFor('application-fee', application.id);
    if (open) return { payment: open, free: false };
    const description = Object.fromEntries(
      Object.entries(service.texts.title).map(([locale, title]) => [
        locale,
        application.reference ? `${title} ${application.reference}` : title,
      ]),
    );
    const payment = await this.openPayment.execute({
      purpose: { kind: 'application-fee', id: application.id },
      payerId: application.applicantId,
      description,
      lines: fee.lines,
      returnPath: `/applications/${application.id}`,
    });
    await this.events.append(application.id, FEE_ACTOR, {
      kind: 'payment-requested',
      text: amountText(payment.amount, payment.currency),
    });
    return { payment, free: false };
  }
}

/**
 * The citizen pays (again): their application waits for its fee, and the payment opened
 * for it lapsed (the session ran out, the card was refused): a new one is opened.
 */
@Injectable()
export class PayApplicationFeeUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly fees: ApplicationFees,
  ) {}

  async execute(applicationId: string, applicantId: string): Promise<PaymentEntity> {
    return this.tenantDb.run(async () => {
      const { application, service } = await this.loader.forApplicant(applicationId, applicantId);
      if (application.stateKind !== 'waiting-payment') {
        throw new CaseException('This application has no fee waiting to be paid.', CaseExceptionCode.NotEditable);
      }
      const { payment } = await this.fees.request(application, service);
      if (!payment) {
        throw new CaseException(
          'This fee is not paid online: the municipality tells you how to pay it.',
          CaseExceptionCode.NotEditable,
        );
      }
      return payment;
    });
  }
}
