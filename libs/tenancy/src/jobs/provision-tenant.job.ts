import { OnQueueCompleted, OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { QueueName } from '@townhall/platform';
import type { Job } from 'bull';
import { PROVISION_TENANT_JOB } from '../onboarding/create-tenant.use-case.js';
import { ProvisionTenantUseCase } from '../provisioning/provision-tenant.use-case.js';
import { assertTenantJob, type TenantJobData } from './tenant-job.js';

@Processor(QueueName.Tenancy)
export class ProvisionTenantJob {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly provision: ProvisionTenantUseCase) {}

  @OnQueueCompleted()
  completed(job: Job<TenantJobData>, result: unknown): void {
    this.logger.log(
      { job: job.name, jobId: job.id, tenantId: job.data?.tenantId, correlationId: job.data?.correlationId, result },
      'job done',
    );
  }

  @OnQueueFailed()
  failed(job: Job<TenantJobData>, error: Error): void {
    this.logger.warn(
      {
        job: job.name,
        jobId: job.id,
        tenantId: job.data?.tenantId,
        correlationId: job.data?.correlationId,
        attempt: job.attemptsMade,
        err: error,
      },
      'job failed',
    );
  }

  @Process({ name: PROVISION_TENANT_JOB, concurrency: 8 })
  async handle(job: Job<TenantJobData>): Promise<string> {
    const { tenantId } = assertTenantJob(job);
    // Progress is best effort: a Redis blip must not roll the provisioning back.
    return this.provision.execute(tenantId, (percent) => job.progress(percent).catch(() => undefined));
  }
}
