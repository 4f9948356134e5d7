import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TenantDatabase, TenantsRepository } from '@townhall/tenancy';
import { BookingsRepository } from '../persistence/bookings.repository.js';

const EVERY_MS = 30_000;

/**
 * Releases unpaid holds whose time ran out (status held → expired), per municipality, so that
 * the slot is free again. The exclusion constraint cannot look at now(), so an expired hold
 * keeps its slot until released here (or by the next booking of the same resource, which
 * releases the resource's expired holds first).
 */
@Injectable()
export class HoldSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HoldSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Releases every municipality's expired holds; how many. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let released = 0;
    try {
      for (const tenant of await this.tenants.activeRefs()) {
        released += await this.tenantDb.runAs(tenant, () => this.bookings.expireHolds());
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'hold sweep failed; next in half a minute');
    } finally {
      this.running = false;
    }
    if (released > 0) this.logger.log({ released }, 'expired booking holds released');
    return released;
  }
}
