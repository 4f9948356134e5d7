import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { QueueName } from '@townhall/platform';
import type { Queue } from 'bull';
import { TenancyException, TenancyExceptionCode } from '../domain/tenancy.exception.js';
import { TenantStatus, type TenantEntity } from '../domain/tenant.entity.js';
import type { TenantJobData } from '../jobs/tenant-job.js';
import { TenantsRepository } from '../persistence/tenants.repository.js';
import { TenantChanges } from '../resolution/tenant-changes.js';
import { enqueueProvisioning, provisioningJobId } from './create-tenant.use-case.js';

/** Suspends and resumes municipalities, and retries a provisioning that failed. */
@Injectable()
export class ChangeTenantStatusUseCase {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly changes: TenantChanges,
    @InjectQueue(QueueName.Tenancy) private readonly queue: Queue<TenantJobData>,
  ) {}

  suspend(slug: string): Promise<TenantEntity> {
    return this.move(slug, TenantStatus.Active, TenantStatus.Suspended);
  }

  resume(slug: string): Promise<TenantEntity> {
    return this.move(slug, TenantStatus.Suspended, TenantStatus.Active);
  }

  /** Queues provisioning again (after the cause of a failure was fixed). */
  async retryProvisioning(slug: string): Promise<TenantEntity> {
    const tenant = await this.find(slug);
    if (tenant.status !== TenantStatus.Provisioning) {
      throw new TenancyException(
        `${slug} is ${tenant.status}, not provisioning.`,
        TenancyExceptionCode.InvalidStatusChange,
      );
    }
    const old = await this.queue.getJob(provisioningJobId(tenant.id));
    if (old && (await old.isFailed())) await old.remove();
    await enqueueProvisioning(this.queue, tenant.id);
    return tenant;
  }

  private async move(slug: string, from: TenantStatus, to: TenantStatus): Promise<TenantEntity> {
    const tenant = await this.find(slug);
    if (!(await this.tenants.changeStatus(tenant.id, from, to))) {
      throw new TenancyException(
        `${slug} is ${tenant.status}; only a ${from} municipality can become ${to}.`,
        TenancyExceptionCode.InvalidStatusChange,
      );
    }
    await this.changes.published(tenant.id);
    return { ...tenant, status: to };
  }

  private async find(slug: string): Promise<TenantEntity> {
    const tenant = await this.tenants.findBySlug(slug);
    if (!tenant) throw new TenancyException(`No municipality ${slug}.`, TenancyExceptionCode.NotFound);
    return tenant;
  }
}
