import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { TenantRef } from '../context/tenant-context.js';
import type { DueTenantsProbe, TenantsRepository } from '../persistence/tenants.repository.js';

/**
 * A worker's periodic pass over the active municipalities: what jobs and Redis may have missed
 * (events never queued, deadlines, lapsed payments, holds). Subclasses say what one
 * municipality's pass does, how often, and which probe function finds the municipalities that
 * have something due; this runs it on a timer, one pass at a time: first the probe, in one
 * statement, then the pass of each municipality it found (an idle one costs no transaction).
 * A municipality whose pass fails is logged and skipped, never stopping the others.
 */
export abstract class TenantSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  protected constructor(
    private readonly tenantsRepository: TenantsRepository,
    private readonly everyMs: number,
    /** What a pass reports when it did something ("expired booking holds released"). */
    private readonly didSomething: string,
  ) {}

  /**
   * The probe function that answers which active municipalities have due work (created by the
   * library's migration with createDueTenantsProbe), with its arguments for this pass. It must
   * ask exactly what sweepTenant's queries ask, or a municipality's due work waits for nothing.
   */
  protected abstract dueTenants(): DueTenantsProbe;

  /** One municipality's pass, inside nothing: open the tenant's transaction yourself. How many things it did. */
  protected abstract sweepTenant(tenant: TenantRef): Promise<number>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One pass over the active municipalities with due work (a pass already running: nothing); how many things it did. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let done = 0;
    try {
      for (const tenant of await this.tenantsRepository.withDueWork(this.dueTenants())) {
        try {
          done += await this.sweepTenant(tenant);
        } catch (error) {
          this.logger.warn({ err: error, tenant: tenant.slug }, 'sweep failed for a municipality; next pass later');
        }
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        'sweep failed: the municipalities with due work could not be found; next pass later',
      );
    } finally {
      this.running = false;
    }
    if (done > 0) this.logger.log({ done }, this.didSomething);
    return done;
  }
}
