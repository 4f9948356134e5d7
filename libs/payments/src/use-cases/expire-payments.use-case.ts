import { Injectable } from '@nestjs/common';
import { TenantDatabase, type TenantRef } from '@townhall/tenancy';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { PaymentTransitions } from './payment-transitions.js';

const BATCH = 200;

/**
 * Marks a municipality's open payments whose time ran out as expired, each in its own
 * transaction with its event (source sweep) and its purpose's `lapsed` hook (a held booking is
 * released). A callback that wins the race first makes the sweep's change a no-op.
 */
@Injectable()
export class ExpirePaymentsUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly transitions: PaymentTransitions,
  ) {}

  async execute(tenant: TenantRef): Promise<number> {
    const ids = await this.tenantDb.readAs(tenant, () => this.payments.expiredIds(BATCH));
    let expired = 0;
    for (const id of ids) {
      const outcome = await this.tenantDb.runAs(tenant, () =>
        this.transitions.apply(id, 'expired', { source: 'sweep' }),
      );
      if (outcome.verdict === 'accepted') expired++;
    }
    return expired;
  }
}
