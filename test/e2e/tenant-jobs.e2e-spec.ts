import type { INestApplication } from '@nestjs/common';
import { ServicesRepository } from '@townhall/catalogue';
import {
  TenantJobBatches,
  TenantJobRunner,
  TenantsRepository,
  TenantStatus,
  type TenantEntity,
  type TenantJobData,
} from '@townhall/tenancy';
import Bull from 'bull';
import { seedTenants, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { REDIS_URL } from '../support/environment.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A job does tenant work through TenantJobRunner on a real Bull queue: it sees only its own
 * tenant's rows; a job without a tenant, for an unknown one or a suspended one fails.
 */
describe('tenant jobs', () => {
  let db: TestDatabase;
  let worker: INestApplication;
  let queue: Bull.Queue;
  let batchQueue: Bull.Queue;
  let tenants: TenantEntity[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db);
    worker = await startWorker(env);
    tenants = await seedTenants(env, [tenantSpec('alpha'), tenantSpec('bravo'), tenantSpec('sierra')]);
    await worker.get(TenantsRepository).changeStatus(tenants[2].id, TenantStatus.Active, TenantStatus.Suspended);
    queue = new Bull('tenant-jobs-test', { prefix: env.QUEUE_PREFIX, redis: REDIS_URL });
    const runner = worker.get(TenantJobRunner);
    const services = worker.get(ServicesRepository);
    void queue.process(10, (job) =>
      runner.run(job, async (_data, manager) => ({
        repository: (await services.listEnabled()).map((s) => s.tenantId),
        // No where clause: only row-level security keeps the other tenants out.
        raw: ((await manager.query('select tenant_id from services')) as { tenant_id: string }[]).map(
          (r) => r.tenant_id,
        ),
      })),
    );
    // Jobs that wait while a municipality's batch runs run together, in one transaction.
    batchQueue = new Bull('tenant-job-batches-test', { prefix: env.QUEUE_PREFIX, redis: REDIS_URL });
    const batches = new TenantJobBatches(runner, async (data: TenantJobData & { fail?: boolean }, manager, tenant) => {
      if (data.fail) throw new Error('this job fails');
      const [{ tx }] = (await manager.query('select txid_current()::text as tx')) as { tx: string }[];
      const rows = (await manager.query('select tenant_id from services')) as { tenant_id: string }[];
      return { tx, tenant: tenant.id, rows: rows.map((r) => r.tenant_id) };
    });
    void batchQueue.process(16, (job) => batches.run(job as Bull.Job<TenantJobData & { fail?: boolean }>));
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await batchQueue?.obliterate({ force: true }).catch(() => undefined);
    await batchQueue?.close();
    await worker?.close();
    await db?.drop();
  });

  const outcome = async (data: object) => {
    const job = await queue.add(data, { attempts: 1 });
    try {
      return { result: await job.finished() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  it('sees only its own tenant rows, whichever tenant ran before on the pooled connections', async () => {
    const [alpha, bravo] = tenants;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? bravo : alpha)).map(async (tenant) => ({
        tenant: tenant.id,
        ...(await outcome({ tenantId: tenant.id, correlationId: 'c' })),
      })),
    );
    for (const r of results) {
      expect(r.result.repository).toEqual([r.tenant, r.tenant]);
      expect(r.result.raw).toEqual([r.tenant, r.tenant]);
    }
  });

  it('fails a job without a tenant, for an unknown tenant, or for a suspended one', async () => {
    expect(await outcome({ correlationId: 'c' })).toEqual({ error: expect.stringContaining('carries no tenant') });
    expect(await outcome({ tenantId: '00000000-0000-4000-8000-000000000000', correlationId: 'c' })).toEqual({
      error: expect.stringContaining('does not exist'),
    });
    expect(await outcome({ tenantId: tenants[2].id, correlationId: 'c' })).toEqual({
      error: expect.stringContaining('sierra is suspended'),
    });
  });

  it('runs waiting jobs of a municipality together, each tenant apart, and a failing job fails only itself', async () => {
    const [alpha, bravo] = tenants;
    const jobs = await batchQueue.addBulk(
      Array.from({ length: 60 }, (_, i) => ({
        data: { tenantId: (i % 2 ? bravo : alpha).id, correlationId: `c${i}`, fail: i % 15 === 4 },
        opts: { attempts: 1 },
      })),
    );
    const outcomes = await Promise.all(
      jobs.map(async (job) => {
        try {
          return { job, result: (await job.finished()) as { tx: string; tenant: string; rows: string[] } };
        } catch (error) {
          return { job, error: (error as Error).message };
        }
      }),
    );
    const failed = outcomes.filter((o) => o.error);
    expect(failed.map((o) => o.job.data.correlationId).sort()).toEqual(['c19', 'c34', 'c4', 'c49']);
    for (const o of failed) expect(o.error).toBe('this job fails');
    const done = outcomes.filter((o) => o.result);
    expect(done).toHaveLength(56);
    const tenantsOfTx = new Map<string, Set<string>>();
    for (const { job, result } of done) {
      // Its own tenant, seen through RLS alone, whichever jobs shared its transaction.
      expect(result!.tenant).toBe(job.data.tenantId);
      expect(result!.rows).toEqual([job.data.tenantId, job.data.tenantId]);
      tenantsOfTx.set(result!.tx, (tenantsOfTx.get(result!.tx) ?? new Set()).add(result!.tenant));
    }
    // 16 at a time: jobs waited for their municipality's batch and ran together; never two
    // municipalities in one transaction.
    expect(tenantsOfTx.size).toBeLessThan(done.length);
    for (const ids of tenantsOfTx.values()) expect(ids.size).toBe(1);
  });
});
