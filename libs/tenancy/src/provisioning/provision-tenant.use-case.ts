import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantEntity, TenantStatus } from '../domain/tenant.entity.js';
import { TenantDatabase } from '../persistence/tenant-database.js';
import { TenantsRepository } from '../persistence/tenants.repository.js';
import { TenantChanges } from '../resolution/tenant-changes.js';
import { TenantProvisioningSteps } from './tenant-provisioning-step.js';

export type ProgressReporter = (percent: number) => Promise<void> | void;

/**
 * Sets a municipality up: every library's provisioning step, then the status active, all
 * in one transaction. A failure leaves nothing behind but the error on the tenant row;
 * running it again (a retry, a duplicate job) does the work once.
 */
@Injectable()
export class ProvisionTenantUseCase {
  private readonly logger = new Logger(ProvisionTenantUseCase.name);

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly steps: TenantProvisioningSteps,
    private readonly changes: TenantChanges,
  ) {}

  async execute(tenantId: string, progress: ProgressReporter = () => undefined): Promise<'provisioned' | 'skipped'> {
    try {
      const outcome = await this.tenants.transaction(async (manager) => {
        const tenant = await manager.findOne(TenantEntity, {
          where: { id: tenantId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!tenant || tenant.status !== TenantStatus.Provisioning) return 'skipped' as const;
        await this.applySteps(manager, tenant, progress);
        tenant.status = TenantStatus.Active;
        tenant.provisioningProgress = 100;
        tenant.provisioningError = null;
        await manager.save(TenantEntity, tenant);
        return 'provisioned' as const;
      });
      // Also after 'skipped': a worker killed between commit and acknowledging the job left a
      // rerun with nothing to do, and the other processes still need to hear of the change.
      await this.changes.published(tenantId);
      return outcome;
    } catch (error) {
      this.logger.warn({ tenantId, err: error }, 'provisioning failed');
      await this.tenants.recordProvisioningError(tenantId, (error as Error).message);
      throw error;
    }
  }

  /** Runs every step scoped to the tenant, inside the caller's transaction. */
  async applySteps(
    manager: EntityManager,
    tenant: TenantEntity,
    progress: ProgressReporter = () => undefined,
  ): Promise<void> {
    const steps = this.steps.all();
    await this.tenantDb.joinAs(manager, { id: tenant.id, slug: tenant.slug }, async () => {
      for (const [index, step] of steps.entries()) {
        await step.apply(manager, tenant, tenant.setup);
        await progress(Math.round(((index + 1) / (steps.length + 1)) * 100));
      }
    });
  }
}
