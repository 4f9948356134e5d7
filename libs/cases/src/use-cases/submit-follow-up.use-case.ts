import { Injectable } from '@nestjs/common';
import { validateAnswers } from '@townhall/forms';
import { TenantDatabase } from '@townhall/tenancy';
import { CaseException, CaseExceptionCode, incompleteAnswers } from '../domain/case.exception.js';
import type { CaseActor } from '../domain/workflow.js';
import { CaseDeadlineScheduler } from '../jobs/case-deadline.scheduler.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationLoader } from './application-loader.js';
import { FormTargets } from './form-target.js';
import { TakeTransitionUseCase } from './take-transition.use-case.js';

/**
 * The applicant submits a follow-up (the report due after a grant): its answers checked
 * whole against the pinned version's follow-up form, recorded, and the case moved on by the
 * template's `follow-up-received` step (to the report's review).
 */
@Injectable()
export class SubmitFollowUpUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly targets: FormTargets,
    private readonly events: ApplicationEventsRepository,
    private readonly transitions: TakeTransitionUseCase,
    private readonly scheduler: CaseDeadlineScheduler,
  ) {}

  async execute(input: {
    applicationId: string;
    applicant: Extract<CaseActor, { kind: 'citizen' }>;
    followUpKey: string;
  }): Promise<void> {
    const { application, service } = await this.tenantDb.run(async () => {
      const loaded = await this.loader.forApplicant(input.applicationId, input.applicant.id);
      const target = await this.targets.of(loaded, input.followUpKey);
      if (target.followUp!.submittedAt) {
        throw new CaseException('This has been submitted already.', CaseExceptionCode.NotEditable);
      }
      const { answers, errors } = validateAnswers(target.form, target.answers);
      if (errors.length > 0) {
        throw incompleteAnswers('It is not complete', errors);
      }
      await target.save({ answers, submittedAt: new Date() });
      const title = loaded.service.followUps!.find((f) => f.id === input.followUpKey)!.title;
      await this.events.append(loaded.application.id, input.applicant, {
        kind: 'follow-up-submitted',
        text: title[loaded.application.locale as keyof typeof title] ?? title.en,
      });
      const moved = await this.transitions.onEvent(loaded.application, loaded.service, 'follow-up-received');
      return { application: moved, service: loaded.service };
    });
    await this.scheduler.schedule(application, service);
  }
}
