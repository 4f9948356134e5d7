import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { PaymentPurposes, type SettledPayment } from '@townhall/payments';
import { TenantDatabase } from '@townhall/tenancy';
import { automaticOn } from '../domain/workflow.js';
import { CaseDeadlineScheduler } from '../jobs/case-deadline.scheduler.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { amountText, FEE_ACTOR } from './application-fees.js';
import { ApplicationLoader } from './application-loader.js';
import { TakeTransitionUseCase } from './take-transition.use-case.js';

/**
 * What cases hear of their fees' payments (libs/payments' PaymentPurposes, kind
 * `application-fee`), registered in every app that has CasesModule (the api: callbacks and
 * refunds; the worker: the expiry sweep). Inside the payment's transaction:
 *
 * - paid: recorded in the history, and the case takes the template's automatic step `on:
 *   payment-received` out of its `waiting-payment` state, as the system; paid when the case no
 *   longer waits for it (withdrawn, cancelled, paid already by another payment): `'refund'`;
 * - lapsed: recorded; the case still waits, and its page offers to pay again (the template's
 *   own timed step, e.g. `payment-lapsed` after 7 days, cancels it);
 * - refunded: recorded.
 */
@Injectable()
export class ApplicationFeePurpose implements OnModuleInit {
  private readonly logger = new Logger(ApplicationFeePurpose.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly purposes: PaymentPurposes,
    private readonly applications: ApplicationsRepository,
    private readonly loader: ApplicationLoader,
    private readonly events: ApplicationEventsRepository,
    private readonly transitions: TakeTransitionUseCase,
    private readonly scheduler: CaseDeadlineScheduler,
  ) {}

  onModuleInit(): void {
    this.purposes.register({
      kind: 'application-fee',
      paid: (payment) => this.paid(payment),
      lapsed: (payment) => this.recorded(payment, 'payment-lapsed'),
      refunded: (payment) => this.recorded(payment, 'payment-refunded'),
    });
  }

  private async paid(payment: SettledPayment): Promise<void | 'refund'> {
    const application = await this.applications.findById(payment.purposeId);
    if (!application) {
      this.logger.warn({ payment: payment.id, application: payment.purposeId }, 'a fee paid for no application');
      return 'refund';
    }
    const service = await this.loader.serviceOf(application);
    await this.events.append(application.id, FEE_ACTOR, {
      kind: 'payment-received',
      text: `${amountText(payment.amount, payment.currency)} · ${payment.receiptNumber}`,
    });
    if (application.stateKind !== 'waiting-payment') {
      this.logger.warn(
        { payment: payment.id, application: application.id, state: application.state },
        'a fee paid for an application that no longer waits for it: refunded',
      );
      return 'refund';
    }
    if (!automaticOn(service, application.state, 'payment-received')) {
      this.logger.warn({ application: application.id, state: application.state }, 'no step on payment-received');
      return;
    }
    const moved = await this.transitions.onEvent(application, service, 'payment-received');
    // The new state's deadlines, once the payment's transaction has committed.
    this.tenantDb.afterCommit(() => void this.scheduler.schedule(moved, service));
  }

  private async recorded(payment: SettledPayment, kind: 'payment-lapsed' | 'payment-refunded'): Promise<void> {
    const application = await this.applications.findById(payment.purposeId);
    if (!application) return;
    // A lapse matters while the case waits for its fee; once it went on, it is nobody's news.
    if (kind === 'payment-lapsed' && application.stateKind !== 'waiting-payment') return;
    await this.events.append(application.id, FEE_ACTOR, {
      kind,
      text: amountText(payment.amount, payment.currency),
    });
  }
}
