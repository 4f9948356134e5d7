import { Injectable } from '@nestjs/common';
import type { ServiceTemplate } from '@townhall/catalogue';
import { type NewNotification, type NotificationEvent, Outbox } from '@townhall/notifications';
import type { ApplicationEntity } from '../domain/application.entity.js';

/** What a change of a case tells whom. */
type CaseNews =
  | 'submitted'
  | 'information-requested'
  | 'decided'
  | 'reminder-applicant'
  | 'withdrawn'
  | 'deadline-near'
  | 'escalated';

const EVENTS: Record<CaseNews, NotificationEvent> = {
  submitted: 'application.submitted',
  'information-requested': 'application.information-requested',
  decided: 'application.decided',
  'reminder-applicant': 'application.reminder',
  withdrawn: 'application.withdrawn',
  'deadline-near': 'case.deadline-near',
  escalated: 'case.escalated',
};

/**
 * Writes a case's notifications to the outbox, in the transaction of the change: the
 * applicant hears of their application's steps, the official in charge of its deadlines.
 */
@Injectable()
export class CaseNotifications {
  constructor(private readonly outbox: Outbox) {}

  /**
   * Inside the tenant transaction of the change; `document` is the decision's PDF, for e-mail
   * and post; `refund` the fee a decision gives back (being refunded: the message says so).
   */
  async notify(
    application: ApplicationEntity,
    service: ServiceTemplate,
    news: CaseNews,
    document?: { storageKey: string; fileName: string } | null,
    refund?: { minor: number; currency: string } | null,
  ): Promise<void> {
    const forStaff = news === 'deadline-near' || news === 'escalated';
    if (forStaff && !application.assigneeId) return; // the queue shows it to everyone who handles the service
    const dueAt =
      application.stateKind === 'waiting-applicant' || forStaff ? application.stateDueAt : application.decisionDueAt;
    const notification: NewNotification = {
      event: EVENTS[news],
      recipient: forStaff
        ? { kind: 'staff', id: application.assigneeId! }
        : { kind: 'citizen', id: application.applicantId },
      payload: {
        applicationId: application.id,
        reference: application.reference,
        service: service.texts.title,
        message:
          application.informationRequest?.message ??
          (news === 'decided' ? application.decision?.reasons : null) ??
          null,
        dueAt: dueAt?.toISOString() ?? null,
        submittedAt: application.submittedAt?.toISOString() ?? null,
        locale: application.locale,
        ...(news === 'decided' && application.decision
          ? {
              decision: { outcome: application.decision.outcome, appealUntil: application.decision.appealUntil },
              delivery: application.delivery,
              document: document ? { ...document, mediaType: 'application/pdf' } : null,
              ...(refund ? { refund } : {}),
            }
          : {}),
      },
    };
    await this.outbox.add(notification);
  }
}
