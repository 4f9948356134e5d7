import { Injectable } from '@nestjs/common';
import { feeRefundedOnWithdrawal, OwedRefunds, type PaymentEntity } from '@townhall/payments';
import { TenantDatabase } from '@townhall/tenancy';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { type CaseActor, stateOf, transitionsFor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { CaseNotifications } from './case-notifications.js';
import { ApplicationLoader } from './application-loader.js';

/**
 * The applicant withdraws an application not yet decided; it stays in their list, withdrawn.
 *
 * A fee already paid goes back where the service's fee rules allow it (`refundOnWithdrawal`,
 * by default while no official has taken the case up): the payment is marked owed back in the
 * withdrawal's transaction, the gateway's refund is tried once it has committed, and the
 * payments sweep makes it if the gateway could not; the applicant is told when it has been
 * made. A gateway that is down never keeps anyone from withdrawing.
 */
@Injectable()
export class WithdrawApplicationUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
    private readonly notifications: CaseNotifications,
    private readonly owedRefunds: OwedRefunds,
  ) {}

  /** The withdrawn application, and the fee payments owed back (refunded now if the gateway could). */
  async execute(input: {
    applicationId: string;
    applicant: Extract<CaseActor, { kind: 'citizen' }>;
    expectedVersion: number;
    reason?: string;
  }): Promise<{ application: ApplicationEntity; refunds: PaymentEntity[] }> {
    const { withdrawn, owed } = await this.tenantDb.run(async () => {
      const { application, service } = await this.loader.forApplicant(input.applicationId, input.applicant.id);
      if (!['draft', 'open', 'waiting-applicant', 'waiting-payment'].includes(application.stateKind)) {
        throw new CaseException(
          'A decided or closed application cannot be withdrawn; you may appeal the decision.',
          CaseExceptionCode.NotEditable,
        );
      }
      // A step of the template that ends the case (cancel the booking, withdraw the appeal) stands
      // in for the generic withdrawal: its own rules (the fee, the message) are the ones that hold.
      const closing = transitionsFor(service, application.state, input.applicant, application.answers).find(
        (t) => stateOf(service, t.to)?.kind === 'closed',
      );
      if (closing) {
        throw new CaseException(
          `This application is ended by its own step ("${closing.label[application.locale as keyof typeof closing.label] ?? Object.values(closing.label)[0]}"), not by a withdrawal.`,
          CaseExceptionCode.NotEditable,
        );
      }
      const refundable = feeRefundedOnWithdrawal(service.fees, await this.processingStarted(application));
      const from = application.state;
      const change = {
        state: 'withdrawn',
        stateKind: 'withdrawn' as const,
        stateEnteredAt: new Date(),
        stateDueAt: null,
        informationRequest: null,
        nextTimedAt: null,
      };
      await this.applications.change(application.id, input.expectedVersion, change);
      await this.events.append(application.id, input.applicant, {
        kind: 'withdrawn',
        fromState: from,
        toState: 'withdrawn',
        text: input.reason?.trim() || null,
      });
      const withdrawn = Object.assign(application, change, { version: application.version + 1 });
      // A draft was never submitted: nobody was told of it, nobody needs telling now.
      if (application.submittedAt) await this.notifications.notify(withdrawn, service, 'withdrawn');
      // Owed with the withdrawal, or not at all: a crash after COMMIT leaves it to the sweep.
      const owed = refundable
        ? await this.owedRefunds.owe('application-fee', application.id, 'application-withdrawn')
        : [];
      return { withdrawn, owed };
    });
    const refunds: PaymentEntity[] = [];
    for (const payment of owed) refunds.push(await this.owedRefunds.tryNow(payment));
    return { application: withdrawn, refunds };
  }

  /** An official has taken the case up: it is (or was) someone's, or staff did anything on it. */
  private async processingStarted(application: ApplicationEntity): Promise<boolean> {
    return application.assigneeId !== null || (await this.events.touchedByStaff(application.id));
  }
}
