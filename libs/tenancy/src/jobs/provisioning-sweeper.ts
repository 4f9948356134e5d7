import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@townhall/platform';
import type { Queue } from 'bull';
import { enqueueProvisioning } from '../onboarding/create-tenant.use-case.js';
import { TenantsRepository } from '../persistence/tenants.repository.js';
import type { TenantJobData } from './tenant-job.js';

const EVERY_MS = 15_000;

/**
 * Queues provisioning for tenants whose job never reached Redis (Redis was down when the
 * operator onboarded them). The job id is the tenant's, so a tenant is never queued twice.
 */
@Injectable()
export class ProvisioningSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProvisioningSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly tenants: TenantsRepository,
    @InjectQueue(QueueName.Tenancy) private readonly queue: Queue<TenantJobData>,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      for (const tenant of await this.tenants.waitingForProvisioning(500)) {
        await enqueueProvisioning(this.queue, tenant.id);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'provisioning sweep failed; next in 15 s');
    }
  }
}
