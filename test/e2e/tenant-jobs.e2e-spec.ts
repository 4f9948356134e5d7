import type { INestApplication } from '@nestjs/common';
import { ServicesRepository } from '@townhall/catalogue';
import { TenantJobRunner, TenantsRepository, TenantStatus, type TenantEntity } from '@townhall/tenancy';
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
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
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
});
