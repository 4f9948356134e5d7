import { Injectable } from '@nestjs/common';
import {
  TenantDatabase,
  TenantsRepository,
  TenantSweep,
  type DueTenantsProbe,
  type TenantRef,
} from '@townhall/tenancy';
import { Outbox } from '../outbox/outbox.js';
import { DeliveriesRepository } from '../persistence/deliveries.repository.js';

/** Younger rows are still on their way from the process that wrote them. */
const GRACE_MS = 10_000;

/**
 * Queues outbox events that never reached the queue or whose jobs Redis lost (it was down,
 * restarted empty, or the writing process died right after COMMIT), every 5 seconds. Job ids
 * are the rows' ids, so queuing one that waits already changes nothing.
 */
@Injectable()
export class OutboxSweeper extends TenantSweep {
  constructor(
    tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly deliveries: DeliveriesRepository,
    private readonly outbox: Outbox,
  ) {
    super(tenants, 5_000, 'outbox events queued by the sweep');
  }

  /** Tenants with outbox events unprocessed past the grace (migration 1764004900000). */
  protected dueTenants(): DueTenantsProbe {
    return { name: 'outbox_due_tenants', args: [new Date(Date.now() - GRACE_MS)] };
  }

  protected async sweepTenant(tenant: TenantRef): Promise<number> {
    const ids = await this.tenantDb.readAs(tenant, () =>
      this.deliveries.unprocessed(new Date(Date.now() - GRACE_MS), 1000),
    );
    return ids.length > 0 && (await this.outbox.queueNow(tenant.id, ids)) ? ids.length : 0;
  }
}
