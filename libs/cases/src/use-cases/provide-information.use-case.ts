import { Injectable } from '@nestjs/common';
import { validateAnswers } from '@townhall/forms';
import { TenantDatabase } from '@townhall/tenancy';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode, incompleteAnswers } from '../domain/case.exception.js';
import type { CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationLoader } from './application-loader.js';
import { TakeTransitionUseCase } from './take-transition.use-case.js';
import { CaseDeadlineScheduler } from '../jobs/case-deadline.scheduler.js';

/**
 * The applicant answers a request for information: the corrected answers (saved step by
 * step) are checked whole, the answer is recorded, and the case goes back to the officials
 * by the template's transition for it.
 */
@Injectable()
export class ProvideInformationUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly events: ApplicationEventsRepository,
    private readonly transitions: TakeTransitionUseCase,
    private readonly scheduler: CaseDeadlineScheduler,
  ) {}

  async execute(input: {
    applicationId: string;
    applicant: Extract<CaseActor, { kind: 'citizen' }>;
    message?: string;
  }): Promise<ApplicationEntity> {
    const { application, service } = await this.tenantDb.run(async () => {
      const { application, service } = await this.loader.forApplicant(input.applicationId, input.applicant.id);
      if (application.stateKind !== 'waiting-applicant' || !application.informationRequest) {
        throw new CaseException('Nothing is asked of you on this application now.', CaseExceptionCode.NotEditable);
      }
      if (application.informationRequest.followUp) {
        // What was returned is the report: it is answered by sending the report again.
        throw new CaseException(
          'The municipality returned your report: correct it and send it again from the application’s page.',
          CaseExceptionCode.NotEditable,
        );
      }
      const { errors } = validateAnswers(service.form, application.answers);
      if (errors.length > 0) {
        throw incompleteAnswers('The application is not complete', errors);
      }
      const message = input.message?.trim() || null;
      await this.events.append(application.id, input.applicant, { kind: 'information-provided', text: message });
      const waiting = application.state;
      const next = await this.transitions.onEvent(application, service, 'information-received');
      if (next.state !== waiting) return { application: next, service };
      // No automatic step: the applicant's own transition out of the waiting state.
      const own = service.workflow.transitions.find((t) => t.from === application.state && t.by.includes('applicant'));
      if (!own) return { application, service };
      return { application: await this.transitions.take(application, service, own, input.applicant, {}), service };
    });
    await this.scheduler.schedule(application, service);
    return application;
  }
}
