import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TenantsRepository } from '@townhall/tenancy';
import { ExpirePaymentsUseCase } from '../use-cases/expire-payments.use-case.js';

const EVERY_MS = 15_000;

/**
 * The worker's sweep of payments whose session ran out unpaid, every 15 seconds, per
 * municipality: each becomes expired and its purpose is told (PaymentPurposeHandler.lapsed),
 * so a held booking is released.
 */
@Injectable()
export class PaymentExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaymentExpirySweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly expire: ExpirePaymentsUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Expires every municipality's lapsed payments; how many. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let expired = 0;
    try {
      for (const tenant of await this.tenants.activeRefs()) {
        try {
          expired += await this.expire.execute(tenant);
        } catch (error) {
          this.logger.warn({ err: error, tenant: tenant.slug }, 'payment expiry sweep failed for a municipality');
        }
      }
    } finally {
      this.running = false;
    }
    if (expired > 0) this.logger.log({ expired }, 'lapsed payments expired');
    return expired;
  }
}
