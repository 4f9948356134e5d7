import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantScopedRepository } from '@townhall/tenancy';
import { Brackets } from 'typeorm';
import { ApplicationEntity, type ApplicationStateKind } from '../domain/application.entity.js';
import { CaseException, CaseExceptionCode } from '../domain/case.exception.js';

/** What a line of the work queue shows. */
const QUEUE_COLUMNS = [
  'tenantId',
  'id',
  'serviceId',
  'serviceVersion',
  'serviceCode',
  'reference',
  'state',
  'stateKind',
  'assigneeId',
  'department',
  'submittedAt',
  'stateDueAt',
  'decisionDueAt',
  'version',
] as const;

/** What the applications feed of the API for city systems shows. */
const FEED_COLUMNS = [
  'id',
  'reference',
  'serviceCode',
  'state',
  'stateKind',
  'submittedAt',
  'decision',
  'updatedAt',
  'version',
] as const;

export interface FeedFilter {
  service?: string;
  stateKind?: ApplicationStateKind;
  since?: Date;
  /** The position after which to go on: a transaction id and a row id. */
  after?: { xid: string; id: string };
  limit: number;
}

/** How far ahead the deadline sweep looks for timed work (its jobs are queued with their delay). */
export const TIMED_WORK_WITHIN = '1 day';

/** The states a case is worked on in: the work queue shows these. */
export const ACTIVE_KINDS: ApplicationStateKind[] = ['open', 'waiting-applicant', 'waiting-payment'];

export interface QueueFilter {
  service?: string;
  state?: string;
  /** A staff member's id, or 'none' for cases nobody has claimed. */
  assignee?: string;
  due?: 'overdue' | 'soon';
  /** Only these services (a staff member limited to some). */
  services?: string[];
  /** Only these departments (a staff member limited to some). */
  departments?: string[];
  limit: number;
  offset: number;
}

export type ApplicationChange = Partial<
  Pick<
    ApplicationEntity,
    | 'answers'
    | 'stepsDone'
    | 'delivery'
    | 'state'
    | 'stateKind'
    | 'reference'
    | 'submittedAt'
    | 'stateEnteredAt'
    | 'stateDueAt'
    | 'decisionDueAt'
    | 'informationRequest'
    | 'decision'
    | 'assigneeId'
    | 'remindedAt'
    | 'escalatedAt'
    | 'nextTimedAt'
  >
>;

@Injectable()
export class ApplicationsRepository extends TenantScopedRepository<ApplicationEntity> {
  constructor(tenantDb: TenantDatabase) {
    super(tenantDb, ApplicationEntity);
  }

  async insert(application: Partial<ApplicationEntity>): Promise<ApplicationEntity> {
    const row = this.repository.create({ ...application, tenantId: this.tenantId });
    return this.repository.save(row);
  }

  /**
   * Inserts an application already submitted, with its reference number (taken before) and
   * its first two events, in one statement (the JSON API's whole submissions). `alongside`
   * gives what else that statement writes (the application's notification): an INSERT run
   * as a part of it, whose parameters are numbered from `firstParameter`. Outside a
   * transaction, the statement is a transaction of its own (TenantDatabase.runStatement).
   */
  async insertSubmitted(
    row: Omit<
      ApplicationEntity,
      | 'tenantId'
      | 'reference'
      | 'version'
      | 'createdAt'
      | 'updatedAt'
      | 'changeXid'
      | 'assigneeId'
      | 'informationRequest'
      | 'decision'
      | 'remindedAt'
      | 'escalatedAt'
    >,
    reference: string,
    applicantName: string,
    alongside?: (
      application: ApplicationEntity,
      firstParameter: number,
    ) => { sql: string; parameters: unknown[] } | null,
  ): Promise<ApplicationEntity> {
    const at = row.submittedAt!;
    const application = Object.assign(new ApplicationEntity(), {
      ...row,
      tenantId: this.tenantId,
      reference,
      version: 1,
      updatedAt: at,
      assigneeId: null,
      informationRequest: null,
      decision: null,
      remindedAt: null,
      escalatedAt: null,
    });
    const parameters: unknown[] = [
      this.tenantId,
      row.serviceId,
      row.serviceVersion,
      row.serviceCode,
      reference,
      row.applicantId,
      row.organisation === null ? null : JSON.stringify(row.organisation),
      row.state,
      row.stateKind,
      JSON.stringify(row.answers),
      row.stepsDone,
      row.delivery,
      row.locale,
      row.department,
      at,
      row.stateDueAt,
      row.decisionDueAt,
      row.idempotencyKey,
      applicantName,
      row.nextTimedAt,
      row.id,
      JSON.stringify(row.verified),
      JSON.stringify(row.unverified),
    ];
    // Outside a transaction, the statement is one of its own, sent with its BEGIN and COMMIT.
    const [inserted] = await this.tenantDb.runStatement<{ created_at: Date }>(() => {
      // What else is written with it (its notification), in the same statement: a round trip less.
      const also = alongside?.(application, parameters.length + 1);
      if (also) parameters.push(...also.parameters);
      return {
        sql: `with app as (
         insert into applications (tenant_id, service_id, service_version, service_code, reference, applicant_id,
           organisation, state, state_kind, answers, steps_done, delivery, locale, department, submitted_at,
           state_entered_at, state_due_at, decision_due_at, idempotency_key, created_at, updated_at, next_timed_at,
           id, verified, unverified)
         values ($1, $2, $3, $4, $5, $6,
           $7::jsonb, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $15, $16, $17, $18, $15, $15, $20,
           $21, $22::jsonb, $23::jsonb)
         returning id, created_at),
       events as (
         insert into application_events (tenant_id, application_id, occurred_at, kind, actor_kind, actor_id, actor_name, to_state)
         select $1, app.id, e.at, e.kind, 'citizen', $6, $19, e.to_state
           from app, (values ($15::timestamptz - interval '1 millisecond', 'started', null::text),
                             ($15::timestamptz, 'submitted', $8::text)) e(at, kind, to_state))${
                               also ? `,\n       also as (${also.sql})` : ''
                             }
       select created_at from app`,
        parameters,
      };
    });
    application.createdAt = inserted.created_at;
    return application;
  }

  findById(id: string): Promise<ApplicationEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id }) });
  }

  /** The application if it is the citizen's; another's is answered as missing. */
  findOfApplicant(id: string, applicantId: string): Promise<ApplicationEntity | null> {
    return this.repository.findOne({ where: this.scoped({ id, applicantId }) });
  }

  findByIdempotencyKey(applicantId: string, idempotencyKey: string): Promise<ApplicationEntity | null> {
    return this.repository.findOne({ where: this.scoped({ applicantId, idempotencyKey }) });
  }

  /** The citizen's applications, newest first. */
  listOfApplicant(applicantId: string, limit = 200): Promise<ApplicationEntity[]> {
    return this.repository.find({
      where: this.scoped({ applicantId }),
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  /**
   * Changes the application if nobody changed it since `expectedVersion` was read: one
   * UPDATE guarded by the version. Someone else's change meanwhile is a conflict, never
   * overwritten.
   */
  async change(id: string, expectedVersion: number, change: ApplicationChange): Promise<void> {
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set({ ...change, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('tenant_id = :tenantId and id = :id and version = :expectedVersion', {
        tenantId: this.tenantId,
        id,
        expectedVersion,
      })
      .execute();
    if (result.affected !== 1) {
      throw new CaseException(
        'Someone else changed this application meanwhile. Reload it to see their change, then try again.',
        CaseExceptionCode.ChangedMeanwhile,
      );
    }
  }

  /** The work queue: cases being worked on, the most urgent first (without their answers: a row is a line). */
  queue(filter: QueueFilter): Promise<ApplicationEntity[]> {
    const query = this.repository
      .createQueryBuilder('a')
      .select(QUEUE_COLUMNS.map((column) => `a.${column}`))
      .where('a.tenant_id = :tenantId', { tenantId: this.tenantId })
      .andWhere('a.state_kind in (:...kinds)', { kinds: ACTIVE_KINDS });
    if (filter.service) query.andWhere('a.service_code = :service', { service: filter.service });
    if (filter.services?.length) query.andWhere('a.service_code in (:...services)', { services: filter.services });
    if (filter.departments?.length) {
      query.andWhere(
        new Brackets((q) =>
          q
            .where('a.department in (:...departments)', { departments: filter.departments })
            .orWhere('a.department is null'),
        ),
      );
    }
    if (filter.state) query.andWhere('a.state = :state', { state: filter.state });
    if (filter.assignee === 'none') query.andWhere('a.assignee_id is null');
    else if (filter.assignee) query.andWhere('a.assignee_id = :assignee', { assignee: filter.assignee });
    if (filter.due === 'overdue') query.andWhere('a.state_due_at < now()');
    if (filter.due === 'soon') query.andWhere(`a.state_due_at >= now() and a.state_due_at < now() + interval '3 days'`);
    return query
      .orderBy('a.state_due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('a.id', 'ASC')
      .limit(filter.limit)
      .offset(filter.offset)
      .getMany();
  }

  /**
   * The feed of the API for city systems: applications past their draft, in the order their
   * changes became visible, after a position (the writing transaction's id, the row's id). Only
   * rows written by transactions older than any still running are listed: every transaction
   * below that bound has ended, so no change can later appear behind a position already passed.
   */
  async changedSince(filter: FeedFilter): Promise<{ application: ApplicationEntity; position: string }[]> {
    const query = this.repository
      .createQueryBuilder('a')
      .select(FEED_COLUMNS.map((column) => `a.${column}`))
      .addSelect('a.change_xid', 'xid')
      .where('a.tenant_id = :tenantId', { tenantId: this.tenantId })
      .andWhere(`a.state_kind <> 'draft'`)
      .andWhere(`a.change_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`);
    if (filter.service) query.andWhere('a.service_code = :service', { service: filter.service });
    if (filter.stateKind) query.andWhere('a.state_kind = :kind', { kind: filter.stateKind });
    if (filter.since) query.andWhere('a.updated_at >= :since', { since: filter.since });
    if (filter.after) {
      query.andWhere('(a.change_xid, a.id) > (cast(:afterXid as bigint), cast(:afterId as uuid))', {
        afterXid: filter.after.xid,
        afterId: filter.after.id,
      });
    }
    const { entities, raw } = await query
      .orderBy('a.change_xid', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(filter.limit)
      .getRawAndEntities<{ xid: string }>();
    return entities.map((application, i) => ({ application, position: `${raw[i].xid}_${application.id}` }));
  }

  /**
   * Cases whose next timed work (reminder, escalation, timed step) is due within
   * TIMED_WORK_WITHIN or overdue (the sweep's probe, cases_timed_work_due_tenants, asks the same).
   */
  needingTimedWork(limit: number): Promise<ApplicationEntity[]> {
    return this.repository
      .createQueryBuilder('a')
      .where('a.tenant_id = :tenantId', { tenantId: this.tenantId })
      .andWhere(`a.next_timed_at < now() + interval '${TIMED_WORK_WITHIN}'`)
      .orderBy('a.next_timed_at', 'ASC')
      .limit(limit)
      .getMany();
  }
}
