import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ServiceTemplate } from '@townhall/catalogue';
import { validateAnswers } from '@townhall/forms';
import { meetsLevel, type AssuranceLevel } from '@townhall/identity';
import { currentTenant, TenantDatabase } from '@townhall/tenancy';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode, incompleteAnswers } from '../domain/case.exception.js';
import { addWorkingDays } from '../domain/working-days.js';
import { automaticOn, stateDueAt, stateOf, type CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { ReferenceNumbers, referencePrefix } from '../persistence/reference-numbers.js';
import { ApplicationLoader } from './application-loader.js';
import { checkRegisterItems, withRegisterAnswers } from './register-items.js';
import { TakeTransitionUseCase } from './take-transition.use-case.js';
import {
  checkApplicant,
  prefill,
  StartApplicationUseCase,
  type StartApplication,
} from './start-application.use-case.js';
import { CaseDeadlineScheduler } from '../jobs/case-deadline.scheduler.js';
import { CaseNotifications } from './case-notifications.js';
import { ApplicationFees } from './application-fees.js';
import { nextTimedAt } from '../jobs/case-deadlines.js';

export interface Submit {
  applicationId: string;
  applicant: Extract<CaseActor, { kind: 'citizen' }>;
  delivery?: string;
}

/**
 * Submits a draft: every answer checked again against the pinned version, a reference
 * number given, the workflow entered at its initial state with its deadlines. Submitting
 * twice (a double click, a retried request) gives the one application, submitted once.
 */
@Injectable()
export class SubmitApplicationUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
    private readonly references: ReferenceNumbers,
    private readonly transitions: TakeTransitionUseCase,
    private readonly scheduler: CaseDeadlineScheduler,
    private readonly start: StartApplicationUseCase,
    private readonly notifications: CaseNotifications,
    private readonly fees: ApplicationFees,
  ) {}

  async execute(input: Submit): Promise<ApplicationEntity> {
    try {
      const submitted = await this.tenantDb.run(() => this.submit(input));
      // The version is kept by the loader since submit() read it: no second read of the application.
      await this.scheduler.schedule(submitted, await this.tenantDb.read(() => this.loader.serviceOf(submitted)));
      return submitted;
    } catch (error) {
      // The other of two simultaneous submissions won: this one answers with its result.
      if (error instanceof CaseException && error.code === CaseExceptionCode.ChangedMeanwhile) {
        const { application } = await this.tenantDb.read(() =>
          this.loader.forApplicant(input.applicationId, input.applicant.id),
        );
        if (application.stateKind !== 'draft') return application;
      }
      throw error;
    }
  }

  /**
   * Makes an application and submits it at once (the JSON API): answers that fail leave
   * nothing behind; the insert is one statement. The same Idempotency-Key gives the application made with it, submitted once.
   */
  async submitNew(
    input: StartApplication & {
      delivery?: string;
      /**
       * The level of assurance the applicant logged in at: a service needing more is refused
       * with a LevelTooLowError (before anything is written), for the caller to send them to log in again.
       */
      loggedInAt?: AssuranceLevel;
    },
  ): Promise<{ application: ApplicationEntity; created: boolean }> {
    let result: { application: ApplicationEntity; created: boolean; service: ServiceTemplate };
    try {
      result = await this.makeSubmitted(input);
    } catch (error) {
      // The same key sent twice at once: the unique key lets one in; the other answers with it.
      if ((error as { code?: string }).code === '23505' && input.idempotencyKey) {
        const raced = await this.tenantDb.read(() =>
          this.applications.findByIdempotencyKey(input.applicant.id, input.idempotencyKey!),
        );
        if (raced) return { application: raced, created: false };
      }
      throw error;
    }
    if (result.created) await this.scheduler.schedule(result.application, result.service);
    return { application: result.application, created: result.created };
  }

  private async makeSubmitted(
    input: StartApplication & { delivery?: string; loggedInAt?: AssuranceLevel },
  ): Promise<{ application: ApplicationEntity; created: boolean; service: ServiceTemplate }> {
    // Everything that needs no lock runs before the transaction: its connection is held only for the writes.
    const published = await this.start.published(input.serviceCode);
    const service = published.definition;
    if (input.loggedInAt && !meetsLevel(input.loggedInAt, service.assuranceLevel)) {
      throw new LevelTooLowError(service.assuranceLevel);
    }
    checkApplicant(service, input.organisation);
    // Files come through the form's upload, checked by content: an id in the answers would be a claim, not a file.
    const fileFields = Object.keys(input.answers ?? {}).filter((f) => service.form.ui.fields[f]?.widget === 'file');
    if (fileFields.length > 0) {
      throw new CaseException(
        `Files are attached by uploading them, not by naming them: ${fileFields.join(', ')}.`,
        CaseExceptionCode.InvalidAnswers,
        fileFields.map((field) => ({ field, message: `${field} takes uploaded files only` })),
      );
    }
    if (input.idempotencyKey && service.prefill?.length) {
      // A request sent again asks no register again (without registers to ask, the transaction's own check does).
      const sent = await this.tenantDb.read(() =>
        this.applications.findByIdempotencyKey(input.applicant.id, input.idempotencyKey!),
      );
      if (sent) return { application: sent, created: false, service };
    }
    const id = randomUUID();
    // Asked once, before any transaction; what a register gave wins over what the client sent.
    const registered = await this.start.fromRegisters(service, input, id);
    const given = withRegisterAnswers({ ...prefill(service, input.organisation), ...input.answers }, registered);
    checkRegisterItems(registered.verified, given);
    const { answers, errors } = validateAnswers(service.form, given);
    if (errors.length > 0) {
      throw incompleteAnswers('The application is not complete', errors);
    }
    const delivery = checkDelivery(service, input.delivery);
    const initial = service.workflow.initial;
    const earlier = () =>
      input.idempotencyKey ? this.applications.findByIdempotencyKey(input.applicant.id, input.idempotencyKey) : null;
    if (automaticOn(service, initial, 'submitted') || stateOf(service, initial)?.kind === 'waiting-payment') {
      // A template that moves on by itself at submission, or asks for its fee then, takes the general path.
      return this.tenantDb.run(async () => {
        const existing = await earlier();
        if (existing) return { application: existing, created: false, service };
        const draft = await this.start.execute(input, { id, registered });
        const application = await this.submit({ applicationId: draft.id, applicant: input.applicant, delivery });
        return { application, created: true, service };
      });
    }
    const now = new Date();
    const stayDue = stateDueAt(service, initial, now);
    const row = {
      id,
      serviceId: published.serviceId,
      serviceVersion: published.version,
      serviceCode: service.code,
      applicantId: input.applicant.id,
      organisation: input.organisation,
      state: initial,
      stateKind: stateOf(service, initial)!.kind,
      answers,
      stepsDone: service.form.ui.steps.length,
      delivery,
      locale: input.locale,
      department: published.department,
      submittedAt: now,
      stateEnteredAt: now,
      stateDueAt: stayDue,
      decisionDueAt: addWorkingDays(now, service.cpsv.processingDays),
      idempotencyKey: input.idempotencyKey ?? null,
      verified: registered.verified,
      unverified: registered.unverified,
      nextTimedAt: null as Date | null,
    };
    row.nextTimedAt = nextTimedAt(
      { ...row, id: '', remindedAt: null, escalatedAt: null } as unknown as ApplicationEntity,
      service,
    );
    const reference = await this.references.take(referencePrefix(currentTenant().slug), now);
    // The application, its events and its notification in one statement.
    const insert = () =>
      this.applications.insertSubmitted(row, reference, input.applicant.name, (app, at) =>
        this.notifications.inStatement(app, service, 'submitted', at),
      );
    // Without a key, nothing to look for first: the statement is the transaction (one round trip).
    if (!input.idempotencyKey) return { application: await insert(), created: true, service };
    return this.tenantDb.run(async () => {
      const existing = await earlier();
      if (existing) return { application: existing, created: false, service };
      return { application: await insert(), created: true, service };
    });
  }

  /** Inside an open tenant transaction (the JSON API creates and submits in one). */
  async submit(input: Submit): Promise<ApplicationEntity> {
    const { application, service } = await this.loader.forApplicant(input.applicationId, input.applicant.id);
    if (application.stateKind !== 'draft') return application;
    checkRegisterItems(application.verified ?? {}, application.answers);
    const { answers, errors } = validateAnswers(service.form, application.answers);
    if (errors.length > 0) {
      throw incompleteAnswers('The application is not complete', errors);
    }
    const delivery = checkDelivery(service, input.delivery);
    const now = new Date();
    const initial = service.workflow.initial;
    const change = {
      answers,
      delivery,
      state: initial,
      stateKind: stateOf(service, initial)!.kind,
      submittedAt: now,
      stateEnteredAt: now,
      stateDueAt: stateDueAt(service, initial, now),
      decisionDueAt: addWorkingDays(now, service.cpsv.processingDays),
      remindedAt: null,
      escalatedAt: null,
      nextTimedAt: null as Date | null,
    };
    change.nextTimedAt = nextTimedAt({ ...application, ...change }, service);
    await this.applications.change(application.id, application.version, change);
    Object.assign(application, change, { version: application.version + 1 });
    await this.events.append(application.id, input.applicant, { kind: 'submitted', toState: initial });
    // The reference first: a fee's payment is opened under it.
    application.reference = await this.references.assign(application.id, referencePrefix(currentTenant().slug), now);
    let submitted = await this.transitions.onEvent(application, service, 'submitted');
    await this.notifications.notify(submitted, service, 'submitted');
    if (submitted.state === initial && submitted.stateKind === 'waiting-payment') {
      // The fee due on submission: its payment opened with the application; nothing due, it goes on.
      const { free } = await this.fees.request(submitted, service);
      if (free) submitted = await this.transitions.onEvent(submitted, service, 'payment-received');
    }
    return submitted;
  }
}

/** How the decision is delivered: one of the service's options, by default its first. */
function checkDelivery(service: ServiceTemplate, asked: string | undefined): string {
  const delivery = asked ?? service.delivery[0];
  if (!service.delivery.includes(delivery as never)) {
    throw new CaseException(
      `delivery must be one of ${service.delivery.join(', ')}.`,
      CaseExceptionCode.InvalidAnswers,
      [{ field: 'delivery', message: `delivery must be one of ${service.delivery.join(', ')}` }],
    );
  }
  return delivery;
}

/** The service needs a stronger login than the applicant's. */
export class LevelTooLowError extends Error {
  constructor(readonly needed: AssuranceLevel) {
    super(`the service needs a login at the level "${needed}"`);
  }
}
