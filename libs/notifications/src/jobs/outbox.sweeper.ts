import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TenantDatabase, TenantsRepository } from '@townhall/tenancy';
import { Outbox } from '../outbox/outbox.js';
import { DeliveriesRepository } from '../persistence/deliveries.repository.js';

const EVERY_MS = 5_000;
/** Younger rows are still on their way from the process that wrote them. */
const GRACE_MS = 10_000;

/**
 * Queues outbox events that never reached the queue or whose jobs Redis lost (it was down,
 * restarted empty, or the writing process died right after COMMIT). Job ids are the rows'
 * ids, so queuing one that waits already changes nothing.
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly deliveries: DeliveriesRepository,
    private readonly outbox: Outbox,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(graceMs = GRACE_MS): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let queued = 0;
    try {
      for (const tenant of await this.tenants.activeRefs()) {
        const ids = await this.tenantDb.readAs(tenant, () =>
          this.deliveries.unprocessed(new Date(Date.now() - graceMs), 1000),
        );
        if (ids.length > 0 && (await this.outbox.queueNow(tenant.id, ids))) queued += ids.length;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox sweep failed; next in a few seconds');
    } finally {
      this.running = false;
    }
    if (queued > 0) this.logger.log({ queued }, 'outbox events queued by the sweep');
    return queued;
  }
}
