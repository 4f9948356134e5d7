import { Injectable } from '@nestjs/common';
import type { ServiceTemplate, WorkflowTransition } from '@townhall/catalogue';
import { type NewNotification, type NotificationEvent, Outbox } from '@townhall/notifications';
import { currentTenant, tenantSettingsOfRequest, TenantResolver, type Locale } from '@townhall/tenancy';
import { formatDate, type PageLocale } from '@townhall/web';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { templateTexts } from './template-texts.js';

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
  constructor(
    private readonly outbox: Outbox,
    private readonly resolver: TenantResolver,
  ) {}

  /**
   * What the applicant hears of a step just taken (inside its transaction, after the case has
   * changed), one message per step:
   * - a decision: `application.decided` (its outcome, appeal, refund and the decision's document);
   *   a `message` the step names is not sent besides: the decision's own text is its document;
   * - a request to the applicant (into a `waiting-applicant` state): `application.information-requested`,
   *   in the platform's or the municipality's wording of it (the official's words in it);
   * - any other step that names a message: that message (`application.step`); one that names none: nothing.
   * Where a fixed event covers the step, it alone is sent: its wording is the municipality's to change.
   */
  async stepTaken(
    application: ApplicationEntity,
    service: ServiceTemplate,
    transition: WorkflowTransition,
    document: { storageKey: string; fileName: string } | null,
    refund: { minor: number; currency: string } | null,
  ): Promise<void> {
    if (transition.decision) return this.notify(application, service, 'decided', document, refund);
    if (application.stateKind === 'waiting-applicant')
      return this.notify(application, service, 'information-requested');
    const text = transition.message ? await this.templateMessage(application, service, transition.message) : null;
    if (!text) return;
    await this.outbox.add({
      event: 'application.step',
      recipient: { kind: 'citizen', id: application.applicantId },
      payload: {
        applicationId: application.id,
        reference: application.reference,
        service: service.texts.title,
        dueAt: (application.stateDueAt ?? application.decisionDueAt)?.toISOString() ?? null,
        locale: application.locale,
        text,
      },
    });
  }

  /**
   * A message of the service's template (`messages`, of the pinned and customised version) in
   * the applicant's language, its placeholders filled now: the texts the message says were true
   * when the step was taken. `deadline`: the new state's, else the decision's.
   */
  private async templateMessage(
    application: ApplicationEntity,
    service: ServiceTemplate,
    key: string,
  ): Promise<{ subject: string; body: string } | null> {
    const message = service.messages[key];
    if (!message) return null;
    // In a request, its tenant's settings; in a job (an automatic step), read by id.
    const tenant = tenantSettingsOfRequest() ?? (await this.resolver.byId(currentTenant().id));
    if (!tenant) throw new Error(`tenant ${currentTenant().id} not found for a message`);
    const locale = (
      tenant.locales.includes(application.locale as Locale) ? application.locale : tenant.defaultLocale
    ) as Locale;
    const deadline = application.stateDueAt ?? application.decisionDueAt;
    const variables = {
      reference: application.reference ?? '',
      service: service.texts.title[locale],
      municipality: tenant.name,
      deadline: deadline
        ? formatDate(deadline, { lang: locale as PageLocale, timeZone: tenant.timeZone, currency: tenant.currency })
        : '',
      request: application.informationRequest?.message ?? '',
      answers: application.answers,
    };
    const render = (text: Record<string, string>) =>
      templateTexts.renderString(text[locale] ?? text[tenant.defaultLocale] ?? '', variables).trim();
    return { subject: render(message.subject).replace(/\s+/g, ' '), body: render(message.body) };
  }

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
    const notification = this.notification(application, service, news, document, refund);
    if (notification) await this.outbox.add(notification);
  }

  /**
   * As notify(), for a change written in one statement of the caller's: the INSERT of the
   * notification to run in that statement (Outbox.inStatement), or null when there is none.
   */
  inStatement(
    application: ApplicationEntity,
    service: ServiceTemplate,
    news: CaseNews,
    firstParameter: number,
  ): { sql: string; parameters: unknown[] } | null {
    const notification = this.notification(application, service, news);
    return notification ? this.outbox.inStatement([notification], firstParameter) : null;
  }

  private notification(
    application: ApplicationEntity,
    service: ServiceTemplate,
    news: CaseNews,
    document?: { storageKey: string; fileName: string } | null,
    refund?: { minor: number; currency: string } | null,
  ): NewNotification | null {
    const forStaff = news === 'deadline-near' || news === 'escalated';
    if (forStaff && !application.assigneeId) return null; // the queue shows it to everyone who handles the service
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
    return notification;
  }
}
