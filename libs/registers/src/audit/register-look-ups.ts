import { Injectable } from '@nestjs/common';
import { DataAccessLog } from '@townhall/audit';
import { TenantDatabase } from '@townhall/tenancy';
import type { RegisterQueryPurpose } from '../domain/register-query.js';
import type { RegisterName } from '../domain/register-unavailable.error.js';

/** The registers as the citizen is shown them on "Who has seen my data". */
export const REGISTER_TITLES: Record<RegisterName, string> = {
  population: 'Population register',
  property: 'Property register',
  business: 'Business register',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Writes each register look-up about a citizen to the data-access log, in the caller's
 * tenant transaction when one is open (else in one of its own), so that it shows on the
 * citizen's "Who has seen my data".
 */
@Injectable()
export class RegisterLookUps {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly accessLog: DataAccessLog,
  ) {}

  /** Checked before the register is asked: a look-up that cannot be logged is not made. */
  check(purpose: RegisterQueryPurpose): void {
    if (!UUID.test(purpose.personId)) throw new Error('a register look-up needs the citizen’s user id (a uuid)');
    if (purpose.applicationId != null && !UUID.test(purpose.applicationId)) {
      throw new Error('a register look-up’s applicationId must be a uuid');
    }
    if (purpose.reason.trim() === '') throw new Error('a register look-up needs a reason the citizen is shown');
  }

  record(register: RegisterName, purpose: RegisterQueryPurpose, detail: string): Promise<void> {
    return this.tenantDb.run(() =>
      this.accessLog.record({
        personId: purpose.personId,
        applicationId: purpose.applicationId ?? null,
        action: 'register-query',
        actor: { kind: 'register', name: REGISTER_TITLES[register] },
        reason: purpose.reason.trim().slice(0, 500),
        detail,
      }),
    );
  }
}
