import type { Job } from 'bull';

/** Every job payload carries its tenant; a job without one fails. */
export interface TenantJobData {
  tenantId: string;
  correlationId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertTenantJob<T extends TenantJobData>(job: Job<T>): T {
  const data = job.data as Partial<TenantJobData> | undefined;
  if (!data || typeof data.tenantId !== 'string' || !UUID.test(data.tenantId)) {
    throw new Error(`job ${job.name} ${job.id} carries no tenant`);
  }
  return job.data;
}
