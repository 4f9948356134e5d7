import { Injectable } from '@nestjs/common';
import {
  TenantDatabase,
  TenantsRepository,
  TenantSweep,
  type DueTenantsProbe,
  type TenantRef,
} from '@townhall/tenancy';
import { ApplicationsRepository, TIMED_WORK_WITHIN } from '../persistence/applications.repository.js';
import { ApplicationLoader } from '../use-cases/application-loader.js';
import { CaseDeadlineScheduler } from './case-deadline.scheduler.js';

/**
 * Queues the deadline jobs of cases whose deadline is near or past, or which wait for a timed
 * automatic step, every minute, in case their jobs never reached Redis (it was down when the
 * case changed). The jobs' ids make this idempotent; the jobs' own checks make it harmless.
 */
@Injectable()
export class CaseDeadlineSweeper extends TenantSweep {
  constructor(
    tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly applications: ApplicationsRepository,
    private readonly loader: ApplicationLoader,
    private readonly scheduler: CaseDeadlineScheduler,
  ) {
    super(tenants, 60_000, 'case deadline jobs queued by the sweep');
  }

  /** Tenants with a case whose timed work is due within TIMED_WORK_WITHIN (migration 1764004930000). */
  protected dueTenants(): DueTenantsProbe {
    return { name: 'cases_timed_work_due_tenants', args: [TIMED_WORK_WITHIN] };
  }

  protected async sweepTenant(tenant: TenantRef): Promise<number> {
    const due = await this.tenantDb.readAs(tenant, async () => {
      const cases = await this.applications.needingTimedWork(500);
      return Promise.all(cases.map(async (a) => ({ application: a, service: await this.loader.serviceOf(a) })));
    });
    for (const { application, service } of due) await this.scheduler.schedule(application, service);
    return due.length;
  }
}
