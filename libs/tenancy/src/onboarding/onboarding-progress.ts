import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { QueueName } from '@townhall/platform';
import type { Queue } from 'bull';
import { TenantStatus, type TenantEntity } from '../domain/tenant.entity.js';
import type { TenantJobData } from '../jobs/tenant-job.js';
import { provisioningJobId } from './create-tenant.use-case.js';
import type { ProvisioningResponseDto } from './dto/tenant.response.dto.js';

/** How far a municipality's provisioning is: the job's view while it runs, the row's once it is done. */
@Injectable()
export class OnboardingProgress {
  constructor(@InjectQueue(QueueName.Tenancy) private readonly queue: Queue<TenantJobData>) {}

  async of(tenant: TenantEntity): Promise<ProvisioningResponseDto> {
    if (tenant.status !== TenantStatus.Provisioning) {
      return { progress: 100, state: 'completed', attempts: 0, error: null };
    }
    const job = await this.queue.getJob(provisioningJobId(tenant.id)).catch(() => null);
    if (!job) return { progress: 0, state: 'missing', attempts: 0, error: tenant.provisioningError };
    const progress = job.progress() as number;
    return {
      progress: typeof progress === 'number' ? progress : 0,
      state: await job.getState(),
      attempts: job.attemptsMade,
      error: job.failedReason ?? tenant.provisioningError,
    };
  }
}
