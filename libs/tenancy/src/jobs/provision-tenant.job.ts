import { Process, Processor } from '@nestjs/bull';
import { QueueName } from '@townhall/platform';
import type { Job } from 'bull';
import { PROVISION_TENANT_JOB } from '../onboarding/create-tenant.use-case.js';
import { ProvisionTenantUseCase } from '../provisioning/provision-tenant.use-case.js';
import { assertTenantJob, type TenantJobData } from './tenant-job.js';

@Processor(QueueName.Tenancy)
export class ProvisionTenantJob {
  constructor(private readonly provision: ProvisionTenantUseCase) {}

  @Process({ name: PROVISION_TENANT_JOB, concurrency: 8 })
  async handle(job: Job<TenantJobData>): Promise<string> {
    const { tenantId } = assertTenantJob(job);
    // Progress is best effort: a Redis blip must not roll the provisioning back.
    return this.provision.execute(tenantId, (percent) => job.progress(percent).catch(() => undefined));
  }
}
