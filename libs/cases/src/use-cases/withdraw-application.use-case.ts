import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import type { CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { CaseNotifications } from './case-notifications.js';
import { ApplicationLoader } from './application-loader.js';

/** The applicant withdraws an application not yet decided; it stays in their list, withdrawn. */
@Injectable()
export class WithdrawApplicationUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
    private readonly notifications: CaseNotifications,
  ) {}

  async execute(input: {
    applicationId: string;
    applicant: Extract<CaseActor, { kind: 'citizen' }>;
    expectedVersion: number;
    reason?: string;
  }): Promise<ApplicationEntity> {
    return this.tenantDb.run(async () => {
      const { application, service } = await this.loader.forApplicant(input.applicationId, input.applicant.id);
      if (!['draft', 'open', 'waiting-applicant', 'waiting-payment'].includes(application.stateKind)) {
        throw new CaseException(
          'A decided or closed application cannot be withdrawn; you may appeal the decision.',
          CaseExceptionCode.NotEditable,
        );
      }
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
      return withdrawn;
    });
  }
}
