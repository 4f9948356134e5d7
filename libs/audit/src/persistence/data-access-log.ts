import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { DataAccessEntity, type DataAccessAction, type DataAccessActorKind } from '../domain/data-access.entity.js';

export interface DataAccess {
  personId: string;
  applicationId?: string | null;
  action: DataAccessAction;
  actor: { kind: DataAccessActorKind; id?: string | null; name: string };
  reason: string;
  detail?: string | null;
}

/**
 * Records each look at a citizen's data, in the transaction of the look itself: a case
 * shown to an official is logged, or not shown at all.
 */
@Injectable()
export class DataAccessLog extends TenantScopedRepository<DataAccessEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, DataAccessEntity);
  }

  async record(access: DataAccess): Promise<void> {
    await this.repository.insert({
      tenantId: this.tenantId,
      personId: access.personId,
      applicationId: access.applicationId ?? null,
      action: access.action,
      actorKind: access.actor.kind,
      actorId: access.actor.id ?? null,
      actorName: access.actor.name,
      reason: access.reason,
      detail: access.detail ?? null,
    });
  }

  /** Everything recorded about a person, newest first. */
  aboutPerson(personId: string, limit = 500): Promise<DataAccessEntity[]> {
    return this.repository.find({
      where: this.scoped({ personId }),
      order: { occurredAt: 'DESC' },
      take: limit,
    });
  }

  /** Who has looked at one application, newest first (the office shows it on the case). */
  aboutApplication(applicationId: string, limit = 200): Promise<DataAccessEntity[]> {
    return this.repository.find({
      where: this.scoped({ applicationId }),
      order: { occurredAt: 'DESC' },
      take: limit,
    });
  }
}
