import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { ClsService } from 'nestjs-cls';
import { ContextKey } from '@townhall/platform';
import type { EntityManager } from 'typeorm';
import { type TenantEntity, TenantStatus } from '../domain/tenant.entity.js';
import { TenantDatabase } from '../persistence/tenant-database.js';
import { TenantsRepository } from '../persistence/tenants.repository.js';
import { TenantCache } from '../resolution/tenant-cache.js';
import { TenantChanges } from '../resolution/tenant-changes.js';
import { assertTenantJob, type TenantJobData } from './tenant-job.js';

const ACTIVE_TENANT_TTL_MS = 10_000;

/**
 * The one way a job does tenant work: it checks the job carries a tenant that exists and is
 * not suspended, re-enters the tenant context and its transaction (TenantDatabase.runAs),
 * and logs the outcome with the tenant and the correlation id of what caused the job.
 */
@Injectable()
export class TenantJobRunner {
  private readonly logger = new Logger('Jobs');
  /**
   * Active tenants as the jobs last read them: a busy worker reads each once, not once a job.
   * A change (suspension, settings) is announced (TenantChanges) and forgotten at once; the
   * TTL bounds a missed message. Only active tenants are kept: others are read every time.
   */
  private readonly active: TenantCache<TenantEntity | null>;

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly cls: ClsService,
    changes: TenantChanges,
  ) {
    this.active = new TenantCache(changes, ACTIVE_TENANT_TTL_MS);
  }

  async run<D extends TenantJobData, T>(
    job: Job<D>,
    /** Gets the job's tenant as the runner read it (no second read needed). */
    work: (data: D, manager: EntityManager, tenant: TenantEntity) => Promise<T>,
  ): Promise<T> {
    const [result] = await this.runTogether([job], work);
    return result;
  }

  /**
   * Jobs of one tenant in ONE tenant transaction, each job's work in turn: what a busy
   * worker saves per job (BEGIN, the tenant setting, COMMIT and its WAL flush) when many
   * small jobs of a municipality wait (see TenantJobBatches). All or nothing: a job's failure
   * rolls back the others' work too.
   */
  async runTogether<D extends TenantJobData, T>(
    jobs: Job<D>[],
    work: (data: D, manager: EntityManager, tenant: TenantEntity) => Promise<T>,
  ): Promise<T[]> {
    const all = jobs.map((job) => assertTenantJob(job));
    const [first] = jobs;
    const data = all[0];
    if (all.some((d) => d.tenantId !== data.tenantId)) throw new Error('jobs run together must share their tenant');
    const tenant =
      this.active.peek(data.tenantId, 'tenant') ??
      (await this.active.get(data.tenantId, 'tenant', async () => {
        const found = await this.tenants.findById(data.tenantId);
        return found?.status === TenantStatus.Active ? found : null;
      })) ??
      (await this.tenants.findById(data.tenantId));
    if (!tenant) throw new Error(`job ${first.name} ${first.id}: tenant ${data.tenantId} does not exist`);
    // A suspended municipality's work waits: Bull retries with backoff until it is resumed.
    if (tenant.status !== TenantStatus.Active)
      throw new Error(`job ${first.name} ${first.id}: ${tenant.slug} is ${tenant.status}`);
    const context = {
      job: first.name,
      jobId: jobs.length === 1 ? first.id : jobs.map((job) => job.id),
      tenant: tenant.slug,
      correlationId: jobs.length === 1 ? data.correlationId : all.map((d) => d.correlationId),
    };
    const started = Date.now();
    try {
      const results = await this.cls.run({ ifNested: 'override' }, () => {
        // The job's log lines carry its correlation id where a request's carry the request id.
        this.cls.set(ContextKey.RequestId, data.correlationId);
        return this.tenantDb.runAs({ id: tenant.id, slug: tenant.slug }, async (manager) => {
          const out: T[] = [];
          for (const d of all) {
            // Each job's log lines carry its own correlation id (they run one after another).
            this.cls.set(ContextKey.RequestId, d.correlationId);
            out.push(await work(d, manager, tenant));
          }
          return out;
        });
      });
      this.logger.log({ ...context, ms: Date.now() - started }, jobs.length === 1 ? 'job done' : 'jobs done');
      return results;
    } catch (error) {
      this.logger.warn(
        { ...context, ms: Date.now() - started, attempt: first.attemptsMade + 1, err: error },
        jobs.length === 1 ? 'job failed' : 'jobs failed together',
      );
      throw error;
    }
  }
}
