import type { ServiceTemplate } from '@townhall/catalogue';
import type { TenantJobData } from '@townhall/tenancy';
import type { ApplicationEntity } from '../domain/application.entity.js';
import { addDays } from '../domain/working-days.js';

/** The job of a case's deadline; its name is its class's (CaseDeadlineJob). */
export const CASE_DEADLINE_JOB = 'CaseDeadlineJob';

/** A reminder is given this long before a state's deadline. */
export const REMIND_BEFORE_MS = 24 * 60 * 60 * 1000;

export interface CaseDeadlineData extends TenantJobData {
  applicationId: string;
  /** When the case entered the state the job is for: a job of an earlier stay in a state does nothing. */
  stint: string;
  kind: 'remind' | 'escalate' | 'automatic';
  /** automatic: the transition the template takes after so many days. */
  transition?: string;
}

export interface PlannedJob {
  jobId: string;
  runAt: Date;
  data: Omit<CaseDeadlineData, 'tenantId' | 'correlationId'>;
}

/**
 * The timed work a case in its current state will need: a reminder before the state's
 * deadline, an escalation when it passes, and the template's automatic steps after days
 * (close a decided case, mark a report overdue). The job id names the case, the stay in the
 * state and the kind, so planning twice queues once.
 */
export function plannedJobs(application: ApplicationEntity, service: ServiceTemplate): PlannedJob[] {
  if (!['open', 'waiting-applicant', 'waiting-payment', 'decided'].includes(application.stateKind)) return [];
  const stint = application.stateEnteredAt.toISOString();
  const key = `${application.id}:${application.stateEnteredAt.getTime()}`;
  const jobs: PlannedJob[] = [];
  const base = { applicationId: application.id, stint };
  if (application.stateDueAt && !application.escalatedAt) {
    if (!application.remindedAt) {
      jobs.push({
        jobId: `${key}:remind`,
        runAt: new Date(application.stateDueAt.getTime() - REMIND_BEFORE_MS),
        data: { ...base, kind: 'remind' },
      });
    }
    jobs.push({ jobId: `${key}:escalate`, runAt: application.stateDueAt, data: { ...base, kind: 'escalate' } });
  }
  for (const step of service.workflow.automatic ?? []) {
    const transition = service.workflow.transitions.find((t) => t.id === step.transition);
    if (!step.after || transition?.from !== application.state) continue;
    jobs.push({
      jobId: `${key}:automatic:${transition.id}`,
      runAt: addDays(application.stateEnteredAt, step.after.days),
      data: { ...base, kind: 'automatic', transition: transition.id },
    });
  }
  return jobs;
}

/** When the case's next timed work is due, given its state now: what the sweep looks for. */
export function nextTimedAt(application: ApplicationEntity, service: ServiceTemplate): Date | null {
  const times = plannedJobs(application, service).map((job) => job.runAt.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}
