import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import type { CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationLoader } from './application-loader.js';

/** An internal note on a case: seen by officials, never by the applicant. */
@Injectable()
export class AddNoteUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly events: ApplicationEventsRepository,
  ) {}

  async execute(input: {
    applicationId: string;
    actor: Extract<CaseActor, { kind: 'staff' }>;
    text: string;
  }): Promise<void> {
    const text = input.text.trim();
    if (!text) {
      throw new CaseException('Write the note first.', CaseExceptionCode.ReasonRequired, [
        { field: 'text', message: 'text must not be empty' },
      ]);
    }
    await this.tenantDb.run(async () => {
      const { application } = await this.loader.forOffice(input.applicationId);
      await this.events.append(application.id, input.actor, { kind: 'note', internal: true, text });
    });
  }
}
