import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';
import type { CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { PermitsRepository } from '../persistence/permits.repository.js';
import { ApplicationLoader } from './application-loader.js';

/**
 * The municipality takes a permit back (the holder moved, sold the car): from then on its
 * verification page says "Revoked". Recorded in the case's history with the reason; revoking
 * twice changes nothing.
 */
@Injectable()
export class RevokePermitUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly loader: ApplicationLoader,
    private readonly permits: PermitsRepository,
    private readonly events: ApplicationEventsRepository,
  ) {}

  async execute(input: { applicationId: string; actor: CaseActor; reason: string }): Promise<void> {
    const reason = input.reason.trim();
    if (!reason) {
      throw new CaseException('Say why the permit is revoked.', CaseExceptionCode.ReasonRequired, [
        { field: 'reason', message: 'reason must say why the permit is revoked' },
      ]);
    }
    await this.tenantDb.run(async () => {
      const { application } = await this.loader.forOffice(input.applicationId);
      const permit = await this.permits.ofApplication(application.id);
      if (!permit) {
        throw new CaseException('This application has no permit to revoke.', CaseExceptionCode.NotEditable);
      }
      if (await this.permits.revoke(permit.id)) {
        await this.events.append(application.id, input.actor, { kind: 'permit-revoked', text: reason });
      }
    });
  }
}
