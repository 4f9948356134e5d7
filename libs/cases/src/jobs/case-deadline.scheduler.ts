import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { ServiceTemplate } from '@townhall/catalogue';
import { QueueName, queuedWithin } from '@townhall/platform';
import type { Queue } from 'bull';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { CASE_DEADLINE_JOB, plannedJobs, type CaseDeadlineData } from './case-deadlines.js';

/**
 * Queues a case's timed work as delayed Bull jobs, which Redis keeps across restarts of the
 * worker. Called after the change that set the deadlines has committed; if Redis is down
 * then, the worker's sweep queues them later (the same job ids), so none is lost.
 */
@Injectable()
export class CaseDeadlineScheduler {
  private readonly logger = new Logger(CaseDeadlineScheduler.name);

  constructor(@InjectQueue(QueueName.Cases) private readonly queue: Queue<CaseDeadlineData>) {}

  async schedule(application: ApplicationEntity, service: ServiceTemplate, now = Date.now()): Promise<void> {
    const planned = plannedJobs(application, service);
    if (planned.length === 0) return;
    // One round trip to Redis for all of them.
    const queued = this.queue.addBulk(
      planned.map((job) => ({
        name: CASE_DEADLINE_JOB,
        data: { ...job.data, tenantId: application.tenantId, correlationId: randomUUID() },
        opts: { jobId: job.jobId, delay: Math.max(0, job.runAt.getTime() - now) },
      })),
    );
    try {
      // A Redis that does not answer must not hold the citizen's or the official's request.
      await queuedWithin(queued);
    } catch (error) {
      this.logger.warn({ err: error, applicationId: application.id }, 'deadline jobs not queued; the sweep will');
    }
  }
}
