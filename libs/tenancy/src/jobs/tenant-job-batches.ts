import type { Job } from 'bull';
import type { EntityManager } from 'typeorm';
import type { TenantEntity } from '../domain/tenant.entity.js';
import type { TenantJobData } from './tenant-job.js';
import type { TenantJobRunner } from './tenant-job.runner.js';

interface Waiting<D extends TenantJobData, T> {
  job: Job<D>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for small jobs of one municipality: a job whose tenant has no batch running
 * runs at once; jobs that arrive while one runs wait for it and then run together, in one
 * tenant transaction (TenantJobRunner.runTogether), up to `max` at a time. An idle worker adds
 * no wait; a busy one pays BEGIN, the tenant setting and COMMIT once for many jobs. When a
 * batch fails (one job's work threw, rolling back the others'), each of its jobs runs again
 * alone, so that one bad job fails only itself.
 */
export class TenantJobBatches<D extends TenantJobData, T> {
  private readonly waiting = new Map<string, Waiting<D, T>[]>();
  private readonly running = new Set<string>();

  constructor(
    private readonly runner: TenantJobRunner,
    private readonly work: (data: D, manager: EntityManager, tenant: TenantEntity) => Promise<T>,
    private readonly max = 32,
  ) {}

  /** The job's result, once its batch committed (or its own run, after a failed batch). */
  run(job: Job<D>): Promise<T> {
    const tenantId = job.data?.tenantId;
    // Without a tenant the runner refuses it: no batch to join.
    if (typeof tenantId !== 'string') return this.runner.run(job, this.work);
    return new Promise<T>((resolve, reject) => {
      const queue = this.waiting.get(tenantId) ?? [];
      queue.push({ job, resolve, reject });
      this.waiting.set(tenantId, queue);
      if (!this.running.has(tenantId)) void this.drain(tenantId);
    });
  }

  private async drain(tenantId: string): Promise<void> {
    this.running.add(tenantId);
    try {
      for (;;) {
        const queue = this.waiting.get(tenantId) ?? [];
        if (queue.length === 0) break;
        const batch = queue.splice(0, this.max);
        if (queue.length === 0) this.waiting.delete(tenantId);
        await this.runBatch(batch);
      }
    } finally {
      this.running.delete(tenantId);
    }
  }

  private async runBatch(batch: Waiting<D, T>[]): Promise<void> {
    try {
      const results = await this.runner.runTogether(
        batch.map((w) => w.job),
        this.work,
      );
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      await Promise.all(batch.map((w) => this.runner.run(w.job, this.work).then(w.resolve, w.reject)));
    }
  }
}
