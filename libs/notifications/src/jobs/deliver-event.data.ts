import type { JobOptions } from 'bull';
import type { TenantJobData } from '@townhall/tenancy';

export const DELIVER_EVENT_JOB = 'DeliverEventJob';

export interface DeliverEventData extends TenantJobData {
  outboxId: string;
}

/**
 * One job per outbox row: its id is the row's, so queuing it again while it waits changes
 * nothing. Ended jobs leave Redis: the database says what was sent and what failed (the
 * admins' page), and an admin's retry queues the same id again.
 */
export function deliverJobOptions(outboxId: string, attempts: number): JobOptions {
  return {
    jobId: `outbox:${outboxId}`,
    attempts,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: true,
  };
}
