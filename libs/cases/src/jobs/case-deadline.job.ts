import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { QueueName } from '@townhall/platform';
import { TenantJobRunner } from '@townhall/tenancy';
import type { Job } from 'bull';
import { stateOf, type CaseActor } from '../domain/workflow.js';
import { ApplicationEventsRepository } from '../persistence/application-events.repository.js';
import { ApplicationsRepository } from '../persistence/applications.repository.js';
import { CaseNotifications } from '../use-cases/case-notifications.js';
import { ApplicationLoader } from '../use-cases/application-loader.js';
import { TakeTransitionUseCase } from '../use-cases/take-transition.use-case.js';
import { CASE_DEADLINE_JOB, nextTimedAt, REMIND_BEFORE_MS, type CaseDeadlineData } from './case-deadlines.js';
import { CaseDeadlineScheduler } from './case-deadline.scheduler.js';

const SYSTEM: CaseActor = { kind: 'system', name: 'Townhall' };

/**
 * Runs a case's timed work when its time comes: the reminder, the escalation, the template's
 * automatic step. Each acts only if the case is still in the stay in the state it was
 * planned for, and only once (the reminded/escalated marks are set in the same transaction
 * as the event), so a job run twice, or planned twice, acts once.
 */
@Processor(QueueName.Cases)
export class CaseDeadlineJob {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly runner: TenantJobRunner,
    private readonly loader: ApplicationLoader,
    private readonly applications: ApplicationsRepository,
    private readonly events: ApplicationEventsRepository,
    private readonly transitions: TakeTransitionUseCase,
    private readonly scheduler: CaseDeadlineScheduler,
    private readonly notifications: CaseNotifications,
  ) {}

  @Process({ name: CASE_DEADLINE_JOB, concurrency: 4 })
  async handle(job: Job<CaseDeadlineData>): Promise<string> {
    const after = await this.runner.run(job, async (data) => {
      const { application, service } = await this.loader.forOffice(data.applicationId);
      if (application.stateEnteredAt.toISOString() !== data.stint) return { outcome: 'moved on' as const };
      const now = Date.now();
      if (data.kind === 'remind') {
        if (application.remindedAt || !application.stateDueAt) return { outcome: 'reminded before' as const };
        if (application.stateDueAt.getTime() - REMIND_BEFORE_MS > now) return { outcome: 'too early' as const };
        const remindedAt = new Date(now);
        await this.applications.change(application.id, application.version, {
          remindedAt,
          nextTimedAt: nextTimedAt({ ...application, remindedAt }, service),
        });
        // A reminder to answer is the applicant's; one to decide is the officials'.
        const forApplicant = stateOf(service, application.state)?.kind === 'waiting-applicant';
        await this.events.append(application.id, SYSTEM, { kind: 'reminder', internal: !forApplicant });
        await this.notifications.notify(application, service, forApplicant ? 'reminder-applicant' : 'deadline-near');
        return { outcome: 'reminded' as const };
      }
      if (data.kind === 'escalate') {
        if (application.escalatedAt || !application.stateDueAt) return { outcome: 'escalated before' as const };
        if (application.stateDueAt.getTime() > now) return { outcome: 'too early' as const };
        const escalatedAt = new Date(now);
        await this.applications.change(application.id, application.version, {
          escalatedAt,
          nextTimedAt: nextTimedAt({ ...application, escalatedAt }, service),
        });
        await this.events.append(application.id, SYSTEM, {
          kind: 'escalated',
          internal: true,
          toState: application.state,
        });
        await this.notifications.notify(application, service, 'escalated');
        return { outcome: 'escalated' as const };
      }
      const transition = service.workflow.transitions.find((t) => t.id === data.transition);
      const step = service.workflow.automatic?.find((s) => s.transition === data.transition && s.after);
      if (!transition || !step?.after || transition.from !== application.state)
        return { outcome: 'not applicable' as const };
      if (application.stateEnteredAt.getTime() + step.after.days * 86_400_000 > now)
        return { outcome: 'too early' as const };
      const moved = await this.transitions.take(application, service, transition, SYSTEM, {});
      return { outcome: 'transition' as const, moved, service };
    });
    // The new state's own deadlines, once the change has committed.
    if (after.outcome === 'transition') await this.scheduler.schedule(after.moved, after.service);
    this.logger.log({ job: job.name, jobId: job.id, outcome: after.outcome }, 'case deadline');
    return after.outcome;
  }
}
