import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { QueueName } from '@townhall/platform';
import { TenantJobRunner } from '@townhall/tenancy';
import type { Job } from 'bull';
import {
  type GrantOutcome,
  GrantProactiveEntitlementsUseCase,
} from '../use-cases/grant-proactive-entitlements.use-case.js';
import { GRANT_ENTITLEMENTS_JOB, type GrantEntitlementsData } from './proactive-runs.js';

/**
 * One municipality's run: in its tenant transaction (TenantJobRunner), asks the population
 * register and grants what is due. A register that fails fails the job with nothing written;
 * Bull tries it again later.
 */
@Processor(QueueName.Entitlements)
export class GrantEntitlementsJob {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly runner: TenantJobRunner,
    private readonly grant: GrantProactiveEntitlementsUseCase,
  ) {}

  @Process({ name: GRANT_ENTITLEMENTS_JOB, concurrency: 2 })
  async handle(job: Job<GrantEntitlementsData>): Promise<GrantOutcome> {
    const outcome = await this.runner.run(job, (_data, _manager, tenant) => this.grant.execute(tenant));
    this.logger.log({ job: job.name, jobId: job.id, ...outcome }, 'proactive entitlements granted');
    return outcome;
  }
}
