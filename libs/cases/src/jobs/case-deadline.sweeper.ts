import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TenantDatabase, TenantsRepository } from '@townhall/tenancy';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { ApplicationLoader } from '../use-cases/application-loader.js';
import { CaseDeadlineScheduler } from './case-deadline.scheduler.js';

const EVERY_MS = 60_000;

/**
 * Queues the deadline jobs of cases whose deadline is near or past, or which wait for a timed
 * automatic step, in case their jobs never reached Redis (it was down when the case
 * changed). The jobs' ids make this idempotent; the jobs' own checks make it harmless.
 */
@Injectable()
export class CaseDeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseDeadlineSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tenantDb: TenantDatabase,
    private readonly applications: ApplicationsRepository,
    private readonly loader: ApplicationLoader,
    private readonly scheduler: CaseDeadlineScheduler,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    let queued = 0;
    try {
      for (const tenant of await this.tenants.activeRefs()) {
        const due = await this.tenantDb.readAs(tenant, async () => {
          const cases = await this.applications.needingTimedWork(500);
          return Promise.all(cases.map(async (a) => ({ application: a, service: await this.loader.serviceOf(a) })));
        });
        for (const { application, service } of due) await this.scheduler.schedule(application, service);
        queued += due.length;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'deadline sweep failed; next in a minute');
    }
    return queued;
  }
}
