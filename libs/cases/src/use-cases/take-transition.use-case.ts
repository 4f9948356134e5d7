import { Injectable } from '@nestjs/common';
import type { ServiceTemplate, WorkflowTransition } from '@townhall/catalogue';
import { feeRefundedOnDecision, OwedRefunds, type PaymentEntity } from '@townhall/payments';
import { TenantDatabase } from '@townhall/tenancy';
import type { ApplicationEntity, InformationRequest } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import { addDays, addWorkingDays } from '../domain/working-days.js';
import { automaticOn, stateDueAt, stateOf, transitionsFor, type CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationsRepository, type ApplicationChange } from '../persistence/applications.repository.js';
import { FollowUpsRepository } from '../persistence/follow-ups.repository.js';
import { CaseNotifications } from './case-notifications.js';
import { ApplicationLoader } from './application-loader.js';
import { IssueDecision } from './issue-decision.js';
import { CaseDeadlineScheduler } from '../jobs/case-deadline.scheduler.js';
import { nextTimedAt } from '../jobs/case-deadlines.js';
import { permitOf } from '../domain/permits.js';
import { ApplicationFees } from './application-fees.js';
import { IssuePermit } from './issue-permit.js';

export interface TakeTransition {
  applicationId: string;
  transitionId: string;
  actor: CaseActor;
  /** The version of the application the actor saw: a change made meanwhile is a conflict. */
  expectedVersion: number;
  /** The reasons of a decision, or the message of a request for information. */
  text?: string;
  /** A request for information: the working days the applicant has, and the fields to correct. */
  dueDays?: number;
  fields?: string[];
}

/** Days an applicant has to answer a request for information when the state names none. */
const DEFAULT_ANSWER_DAYS = 14;

/**
 * Moves a case along its workflow: only a transition of the pinned version, from the state
 * the case is in, open to the actor's role. Entering a state sets its deadline; a request for
 * information stops the decision clock until it is answered; a decision is issued as a PDF.
 *
 * A refusal gives the paid fee back where the fee rules say so (`refundOnRejection: always`),
 * and so does a step the template marks `refundsFee` (a paid booking cancelled): the payment is
 * marked owed back in the step's transaction (a refusal's message says it is being refunded),
 * the gateway's refund is tried once the step has committed, and the payments sweep makes it
 * if the gateway could not (or the step was the system's, in another use case's transaction).
 * A gateway that is down never keeps anyone from deciding or cancelling.
 */
@Injectable()
export class TakeTransitionUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
    private readonly decisions: IssueDecision,
    private readonly scheduler: CaseDeadlineScheduler,
    private readonly followUps: FollowUpsRepository,
    private readonly notifications: CaseNotifications,
    private readonly fees: ApplicationFees,
    private readonly permits: IssuePermit,
    private readonly owedRefunds: OwedRefunds,
  ) {}

  /** What the applicant owes after a positive decision: due so many days after it, or after the date the answers name. */
  private async addFollowUps(application: ApplicationEntity, service: ServiceTemplate, now: Date): Promise<void> {
    for (const definition of service.followUps ?? []) {
      if (await this.followUps.find(application.id, definition.id)) continue;
      const named = definition.dueAfterField ? application.answers[definition.dueAfterField] : undefined;
      const from = typeof named === 'string' && !Number.isNaN(Date.parse(named)) ? new Date(`${named}T23:59:59Z`) : now;
      await this.followUps.insert({
        applicationId: application.id,
        followUpKey: definition.id,
        dueAt: addDays(from < now ? now : from, definition.dueDays),
      });
    }
  }

  async execute(input: TakeTransition): Promise<ApplicationEntity> {
    const owed: PaymentEntity[] = [];
    const { application, service } = await this.tenantDb.run(async () => {
      const { application, service } =
        input.actor.kind === 'citizen'
          ? await this.loader.forApplicant(input.applicationId, input.actor.id)
          : await this.loader.forOffice(input.applicationId);
      if (application.version !== input.expectedVersion) {
        throw new CaseException(
          'Someone else changed this application meanwhile. Reload it to see their change, then try again.',
          CaseExceptionCode.ChangedMeanwhile,
        );
      }
      const transition = transitionsFor(service, application.state, input.actor, application.answers).find(
        (t) => t.id === input.transitionId,
      );
      if (!transition) {
        const exists = service.workflow.transitions.some((t) => t.id === input.transitionId);
        throw new CaseException(
          exists
            ? `"${input.transitionId}" cannot be taken now: the application is ${application.state}, or your role does not allow it.`
            : `The workflow of this service has no step "${input.transitionId}".`,
          CaseExceptionCode.TransitionNotAllowed,
        );
      }
      return { application: await this.take(application, service, transition, input.actor, input, owed), service };
    });
    // The new state's deadlines, once the change has committed; a fee the decision gives back, now if the gateway can.
    await this.scheduler.schedule(application, service);
    for (const payment of owed) await this.owedRefunds.tryNow(payment);
    return application;
  }

  /**
   * Takes the automatic transition an event triggers, if the template has one from the state
   * the case is in (inside the open transaction).
   */
  async onEvent(
    application: ApplicationEntity,
    service: ServiceTemplate,
    event: 'submitted' | 'information-received' | 'payment-received' | 'follow-up-received',
  ): Promise<ApplicationEntity> {
    const transition = automaticOn(service, application.state, event);
    if (!transition) return application;
    return this.take(application, service, transition, { kind: 'system', name: 'Townhall' }, {});
  }

  /**
   * Takes a transition already found allowed (inside the open transaction). The fee payments
   * a refusal or a `refundsFee` step makes owed back are added to `owed`, for the caller to
   * refund after COMMIT (OwedRefunds.tryNow); a caller that does not is left to the sweep.
   */
  async take(
    application: ApplicationEntity,
    service: ServiceTemplate,
    transition: WorkflowTransition,
    actor: CaseActor,
    input: Pick<TakeTransition, 'text' | 'dueDays' | 'fields'>,
    owed: PaymentEntity[] = [],
  ): Promise<ApplicationEntity> {
    const now = new Date();
    const target = stateOf(service, transition.to)!;
    const text = input.text?.trim() || undefined;
    let decisionDocument: { storageKey: string; fileName: string } | null = null;
    let refund: { minor: number; currency: string } | null = null;
    const change: ApplicationChange = {
      state: target.id,
      stateKind: target.kind,
      stateEnteredAt: now,
      stateDueAt: stateDueAt(service, target.id, now),
      informationRequest: null,
      remindedAt: null,
      escalatedAt: null,
    };
    // The decision clock stops while the applicant is asked for something; it goes on when they answer.
    if (application.stateKind === 'waiting-applicant' && application.decisionDueAt) {
      const waited = now.getTime() - application.stateEnteredAt.getTime();
      change.decisionDueAt = new Date(application.decisionDueAt.getTime() + waited);
    }
    if (target.kind === 'waiting-applicant' && actor.kind === 'staff') {
      if (!text) {
        throw new CaseException('Say what information is needed.', CaseExceptionCode.ReasonRequired, [
          { field: 'text', message: 'text must say what information is needed' },
        ]);
      }
      // After a decision, what is asked for is the follow-up submitted last (a report to correct): it opens again.
      const submitted = application.decision
        ? (await this.followUps.ofApplication(application.id)).filter((f) => f.submittedAt)
        : [];
      const reopened = submitted.sort((a, b) => b.submittedAt!.getTime() - a.submittedAt!.getTime())[0];
      if (reopened) await this.followUps.change(reopened.id, reopened.version, { submittedAt: null });
      const fields = reopened ? [] : (input.fields ?? []).filter((f) => f in service.form.schema.properties);
      const dueAt = addWorkingDays(now, input.dueDays ?? target.deadlineDays ?? DEFAULT_ANSWER_DAYS);
      const request: InformationRequest = {
        message: text,
        fields,
        dueAt: dueAt.toISOString(),
        requestedAt: now.toISOString(),
        requestedBy: actor.name,
        ...(reopened ? { followUp: reopened.followUpKey } : {}),
      };
      change.informationRequest = request;
      change.stateDueAt = dueAt;
    }
    if (transition.decision) {
      if (!text && actor.kind === 'staff') {
        throw new CaseException('Give the reasons of the decision.', CaseExceptionCode.ReasonRequired, [
          { field: 'text', message: 'text must give the reasons of the decision' },
        ]);
      }
      const template = service.decisions[transition.decision];
      const appealUntil = template.appealDays ? addDays(now, template.appealDays) : null;
      const issued = await this.decisions.issue(application, service, transition.decision, text ?? '', actor, now);
      decisionDocument = issued;
      const documentId = issued.documentId;
      if (['approved', 'partly-approved', 'issued'].includes(template.outcome)) {
        await this.addFollowUps(application, service, now);
        // A permit the decision grants (a parking permit): its own document, with a verifiable QR code.
        const permit = permitOf(service, application.answers);
        if (permit) await this.permits.issue(application, permit, now);
      }
      if (feeRefundedOnDecision(service.fees, template.outcome)) {
        // Owed with the refusal, or not at all: a crash after COMMIT leaves it to the sweep.
        const refunds = await this.owedRefunds.owe('application-fee', application.id, 'application-rejected');
        owed.push(...refunds);
        if (refunds.length > 0) {
          refund = {
            minor: refunds.reduce((sum, p) => sum + p.amount, 0),
            currency: refunds[0].currency,
          };
        }
      }
      change.decision = {
        key: transition.decision,
        outcome: template.outcome,
        reasons: text ?? '',
        decidedAt: now.toISOString(),
        decidedBy: actor.name,
        documentId,
        appealUntil: appealUntil?.toISOString() ?? null,
      };
    }
    if (transition.refundsFee) {
      // A step the template says gives the fee back (a paid booking cancelled): owed with it, as above.
      owed.push(...(await this.owedRefunds.owe('application-fee', application.id, 'application-cancelled')));
    }
    change.nextTimedAt = nextTimedAt({ ...application, ...change } as ApplicationEntity, service);
    await this.applications.change(application.id, application.version, change);
    const from = application.state;
    Object.assign(application, change, { version: application.version + 1 });
    await this.events.append(application.id, actor, {
      kind: transition.decision
        ? 'decided'
        : target.kind === 'waiting-applicant'
          ? 'information-requested'
          : 'transition',
      transition: transition.id,
      fromState: from,
      toState: target.id,
      text: text ?? null,
    });
    // One message per step, in this transaction: the decision, the request, or the template's message.
    await this.notifications.stepTaken(application, service, transition, decisionDocument, refund);
    if (target.kind === 'waiting-payment' && from !== target.id) {
      // The fee (due on approval): its payment opened now; nothing due, the case goes on.
      const { free } = await this.fees.request(application, service);
      if (free) return this.onEvent(application, service, 'payment-received');
    }
    return application;
  }
}
