import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PlatformConfig, QueueName, queuedWithin } from '@townhall/platform';
import { TenantsRepository } from '@townhall/tenancy';
import type { Job, Queue } from 'bull';
import { PROACTIVE_SWEEP_JOB, ProactiveRuns } from './proactive-runs.js';

/**
 * The daily run: a Bull repeatable job (PROACTIVE_CRON, UTC) that queues a grant run for
 * every active municipality offering proactive benefits. Redis keeps the schedule, and Bull
 * starts each occurrence once however many workers run.
 */
@Processor(QueueName.Entitlements)
export class ProactiveSweepJob {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly runs: ProactiveRuns,
  ) {}

  @Process({ name: PROACTIVE_SWEEP_JOB, concurrency: 1 })
  async handle(_job: Job): Promise<number> {
    // The day it runs, not the job's timestamp: Bull stamps a repeated job when it is created
    // (the previous run), so two occurrences could name the same day and the second be dropped.
    return this.sweep(new Date());
  }

  /** Queues the day's run of each municipality with proactive benefits; how many. */
  async sweep(at = new Date()): Promise<number> {
    const day = at.toISOString().slice(0, 10);
    let queued = 0;
    for (const ref of await this.tenants.activeRefs()) {
      const tenant = await this.tenants.findById(ref.id);
      if (!tenant?.proactive?.length) continue;
      await this.runs.daily(ref, day);
      queued++;
    }
    this.logger.log({ job: PROACTIVE_SWEEP_JOB, day, queued }, 'proactive runs queued');
    return queued;
  }
}

/**
 * Keeps the repeatable job in Redis as the settings say: added at the worker's start (the
 * same cron adds nothing new), one with another cron removed. If Redis is away then, it tries
 * again every minute until it succeeds.
 */
@Injectable()
export class ProactiveSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProactiveSchedule.name);
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @InjectQueue(QueueName.Entitlements) private readonly queue: Queue,
    private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.register();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  /** Registers the schedule; false (and a retry planned) when Redis did not answer. */
  async register(): Promise<boolean> {
    const cron = this.config.PROACTIVE_CRON.trim().replace(/\s+/g, ' ');
    try {
      const existing = this.queue.getRepeatableJobs();
      await queuedWithin(existing, 5000);
      for (const job of await existing) {
        if (job.name === PROACTIVE_SWEEP_JOB && job.cron !== cron) {
          await queuedWithin(this.queue.removeRepeatableByKey(job.key), 5000);
        }
      }
      await queuedWithin(
        this.queue.add(
          PROACTIVE_SWEEP_JOB,
          {},
          {
            repeat: { cron, tz: 'UTC' },
            jobId: PROACTIVE_SWEEP_JOB,
            attempts: 3,
            removeOnComplete: 30,
            removeOnFail: 30,
          },
        ),
        5000,
      );
      this.logger.log({ cron }, 'proactive entitlements scheduled');
      return true;
    } catch (error) {
      if (this.stopped) return false;
      this.logger.warn({ err: error }, 'proactive schedule not registered; trying again in a minute');
      this.retry = setTimeout(() => void this.register(), 60_000);
      this.retry.unref();
      return false;
    }
  }
}
