import { Injectable } from '@nestjs/common';
import { StaffRepository } from '@townhall/identity';
import { TenantDatabase } from '@townhall/tenancy';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import type { CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { ApplicationLoader } from './application-loader.js';

type StaffActor = Extract<CaseActor, { kind: 'staff' }>;

/**
 * Puts a person in charge of a case: an official claims it, or an owner or admin assigns or
 * reassigns it to an active official who is not a mere viewer (of the case's department,
 * when they are limited to departments).
 */
@Injectable()
export class AssignCaseUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
    private readonly staff: StaffRepository,
  ) {}

  async execute(input: {
    applicationId: string;
    actor: StaffActor;
    assigneeId: string;
    expectedVersion: number;
  }): Promise<void> {
    await this.tenantDb.run(async () => {
      const { application } = await this.loader.forOffice(input.applicationId);
      if (input.actor.role === 'viewer') {
        throw new CaseException('Viewers cannot take or assign cases.', CaseExceptionCode.TransitionNotAllowed);
      }
      if (input.assigneeId !== input.actor.id && input.actor.role === 'handler') {
        throw new CaseException(
          'Only owners and admins assign cases to others; you may claim it yourself.',
          CaseExceptionCode.TransitionNotAllowed,
        );
      }
      const member = /^[0-9a-f-]{36}$/i.test(input.assigneeId) ? await this.staff.findById(input.assigneeId) : null;
      const fits =
        member &&
        member.status === 'active' &&
        member.role !== 'viewer' &&
        (member.departments.length === 0 ||
          !application.department ||
          member.departments.includes(application.department));
      if (!member || !fits) {
        throw new CaseException(
          'That person cannot be put in charge of this case (not an active official of its department).',
          CaseExceptionCode.StaffNotFound,
          [{ field: 'assignee', message: 'assignee must be an active official of the case’s department' }],
        );
      }
      await this.applications.change(application.id, input.expectedVersion, { assigneeId: member.id });
      await this.events.append(application.id, input.actor, {
        kind: 'assigned',
        internal: true,
        text: member.name,
      });
    });
  }
}
