import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { QueueName, queuedWithin } from '@townhall/platform';
import type { TenantJobData, TenantRef } from '@townhall/tenancy';
import type { Job, JobOptions, Queue } from 'bull';

/** The job that grants one municipality's proactive benefits; its name is its class's. */
export const GRANT_ENTITLEMENTS_JOB = 'GrantEntitlementsJob';

/** The daily repeatable job that queues a grant for each municipality offering any. */
export const PROACTIVE_SWEEP_JOB = 'ProactiveSweepJob';

export type GrantEntitlementsData = TenantJobData;

/**
 * A failed run (the register down) is tried again after 5, 10, 20, 40 and 80 minutes; after
 * that the next day's run catches up (the look back). Kept in Redis either way: the daily job
 * id makes a second queuing on the same day change nothing.
 */
const GRANT_JOB_OPTIONS: JobOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 5 * 60_000 },
};

/** Queues grant runs: the day's, once per municipality and day, or one now (an admin's, a test's). */
@Injectable()
export class ProactiveRuns {
  constructor(@InjectQueue(QueueName.Entitlements) private readonly queue: Queue) {}

  /** The run of a day (YYYY-MM-DD, UTC) for a municipality; queuing it again that day is nothing. */
  async daily(tenant: TenantRef, day: string): Promise<Job<GrantEntitlementsData>> {
    return this.add(tenant, `grant:${tenant.id}:${day}`);
  }

  /** A run now, besides the daily one (granting is idempotent: it finds what the day's missed). */
  async now(tenant: TenantRef): Promise<Job<GrantEntitlementsData>> {
    return this.add(tenant, `grant:${tenant.id}:now:${randomUUID()}`);
  }

  private async add(tenant: TenantRef, jobId: string): Promise<Job<GrantEntitlementsData>> {
    const adding = this.queue.add(
      GRANT_ENTITLEMENTS_JOB,
      { tenantId: tenant.id, correlationId: randomUUID() },
      { ...GRANT_JOB_OPTIONS, jobId },
    );
    await queuedWithin(adding, 5000);
    return adding;
  }
}
