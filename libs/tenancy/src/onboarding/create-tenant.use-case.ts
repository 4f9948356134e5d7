import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { PlatformConfig, QueueName } from '@townhall/platform';
import type { Queue } from 'bull';
import { TenantStatus, type TenantEntity } from '../domain/tenant.entity.js';
import type { TenantJobData } from '../jobs/tenant-job.js';
import { TenantsRepository } from '../persistence/tenants.repository.js';
import { TenancyException, TenancyExceptionCode } from '../domain/tenancy.exception.js';
import { TenantProvisioningSteps } from '../provisioning/tenant-provisioning-step.js';
import { crossFieldProblems, type TenantSpecRequestDto } from './dto/tenant-spec.request.dto.js';

export const PROVISION_TENANT_JOB = 'ProvisionTenantJob';

/** One job per tenant: enqueueing twice (a retry, the sweeper) adds nothing. */
export const provisioningJobId = (tenantId: string) => `provision-${tenantId}`;

/**
 * An operator onboards a municipality: the tenant row is written at once (status
 * provisioning) and a job sets it up. If the job cannot be queued now, the worker's
 * sweeper finds the tenant waiting and queues it.
 */
@Injectable()
export class CreateTenantUseCase {
  private readonly logger = new Logger(CreateTenantUseCase.name);

  constructor(
    private readonly tenants: TenantsRepository,
    @InjectQueue(QueueName.Tenancy) private readonly queue: Queue<TenantJobData>,
    private readonly config: PlatformConfig,
    private readonly steps: TenantProvisioningSteps,
  ) {}

  async execute(spec: TenantSpecRequestDto): Promise<TenantEntity> {
    const problems = [
      ...crossFieldProblems(spec, this.config.PLATFORM_DOMAIN),
      ...(await this.steps.check(spec, spec)),
    ];
    if (problems.length > 0) {
      throw new TenancyException('The municipality is not valid.', TenancyExceptionCode.InvalidTenant, problems);
    }
    const tenant = await this.tenants.transaction((manager) =>
      this.tenants.save(manager, spec, 'api', TenantStatus.Provisioning),
    );
    try {
      await enqueueProvisioning(this.queue, tenant.id);
    } catch (error) {
      this.logger.warn({ tenant: tenant.slug, err: error }, 'provisioning not queued now; the sweeper will queue it');
    }
    return tenant;
  }
}

export async function enqueueProvisioning(queue: Queue<TenantJobData>, tenantId: string): Promise<void> {
  await queue.add(
    PROVISION_TENANT_JOB,
    { tenantId, correlationId: randomUUID() },
    { jobId: provisioningJobId(tenantId) },
  );
}
