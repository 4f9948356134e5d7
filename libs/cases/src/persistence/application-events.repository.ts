import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { ApplicationEventEntity } from '../domain/application-event.entity.js';
import type { CaseActor } from '../domain/workflow.js';

export type NewApplicationEvent = Pick<ApplicationEventEntity, 'kind'> &
  Partial<Pick<ApplicationEventEntity, 'transition' | 'fromState' | 'toState' | 'internal' | 'text'>>;

/** The history of applications: appended to, never changed. */
@Injectable()
export class ApplicationEventsRepository extends TenantScopedRepository<ApplicationEventEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ApplicationEventEntity);
  }

  async append(applicationId: string, actor: CaseActor, event: NewApplicationEvent): Promise<void> {
    await this.repository.insert({
      tenantId: this.tenantId,
      applicationId,
      // The time of the insert, not the transaction's start (now()): several events of one
      // change (submitted, its fee asked for; paid, the step it takes) read in the order they happened.
      occurredAt: () => 'clock_timestamp()',
      actorKind: actor.kind,
      actorId: actor.kind === 'system' ? null : actor.id,
      actorName: actor.name,
      transition: null,
      fromState: null,
      toState: null,
      internal: false,
      text: null,
      ...event,
    });
  }

  /** Whether an official has done anything on the application yet (claimed it, a note, a step, a request…). */
  async touchedByStaff(applicationId: string): Promise<boolean> {
    return this.repository.exists({ where: this.scoped({ applicationId, actorKind: 'staff' }) });
  }

  /** Oldest first; internal notes only when asked for (the office). */
  history(applicationId: string, withInternal: boolean): Promise<ApplicationEventEntity[]> {
    return this.repository.find({
      where: this.scoped(withInternal ? { applicationId } : { applicationId, internal: false }),
      order: { occurredAt: 'ASC', id: 'ASC' },
    });
  }
}
