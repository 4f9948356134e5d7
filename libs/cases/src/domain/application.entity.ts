import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ServiceVersionEntity } from '@townhall/catalogue';
import { CitizenEntity, StaffMemberEntity, type Representation } from '@townhall/identity';
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';

/**
 * Where an application is, as a kind: the template's states each have one; `draft` and
 * `withdrawn` are the application's own, before and outside the workflow.
 */
export const STATE_KINDS = [
  'draft',
  'open',
  'waiting-applicant',
  'waiting-payment',
  'decided',
  'closed',
  'withdrawn',
] as const;
export type ApplicationStateKind = (typeof STATE_KINDS)[number];

/** A request for more information the applicant must answer (the case waits, its clock stops). */
export interface InformationRequest {
  message: string;
  /** Fields the applicant is asked to correct (empty: any, or files only). */
  fields: string[];
  dueAt: string;
  requestedAt: string;
  requestedBy: string;
  /** After a decision, a request concerns a follow-up (the report returned for correction). */
  followUp?: string;
}

/** The decision made on the application, as the applicant receives it. */
export interface ApplicationDecision {
  key: string;
  outcome: 'approved' | 'partly-approved' | 'rejected' | 'issued';
  reasons: string;
  decidedAt: string;
  decidedBy: string;
  documentId: string;
  appealUntil: string | null;
}

/** An answer taken from a national register at the start: shown read-only, with its source. */
export interface VerifiedAnswer {
  register: 'population' | 'business' | 'property';
  /** The register record's attribute the answer was read from (service template `prefill`). */
  attribute: string;
  /** When the register answered (ISO 8601). */
  fetchedAt: string;
  /**
   * A group filled from a register's list (the children in the applicant's custody): the
   * sub-fields of an item the register gave, each with the attribute it was read from.
   */
  fields?: Record<string, string>;
  /**
   * The items the register gave, each by those sub-fields. The applicant chooses among them
   * and fills in the other sub-fields, but adds no item and changes none of these.
   */
  items?: Record<string, unknown>[];
}

/**
 * An answer the register should have given but did not (it was down, timed out…): the
 * applicant typed it, and an official checks it.
 */
export interface UnverifiedAnswer {
  register: 'population' | 'business' | 'property';
  attribute: string;
  /** Why the register gave nothing: the RegisterUnavailableError's reason ("timed out"…). */
  reason: string;
  /** When the register was asked (ISO 8601). */
  at: string;
}

/**
 * A citizen's application for a service, from draft to closed. It pins the published
 * service version it was started under: a later version of the service never changes the
 * form an application was made with. `version` is the optimistic lock: every change names
 * the version it read, and a change made meanwhile wins (the other gets a conflict).
 */
@Entity({ name: 'applications' })
@Unique('uq_applications_reference', ['tenantId', 'reference'])
@Unique('uq_applications_idempotency', ['tenantId', 'applicantId', 'idempotencyKey'])
@Check('ck_applications_state_kind', `state_kind in (${STATE_KINDS.map((k) => `'${k}'`).join(', ')})`)
@Index('ix_applications_applicant', ['tenantId', 'applicantId', 'createdAt'])
@Index('ix_applications_due', ['tenantId', 'stateDueAt'])
@Index('ix_applications_assignee', ['tenantId', 'assigneeId', 'stateDueAt'])
@Index('ix_applications_service', ['tenantId', 'serviceCode', 'stateDueAt'])
@Index('ix_applications_timed', ['tenantId', 'nextTimedAt'])
@Index('ix_applications_change', ['tenantId', 'changeXid', 'id'])
export class ApplicationEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'service_id', type: 'uuid' })
  serviceId: string;

  @Column({ name: 'service_version', type: 'int' })
  serviceVersion: number;

  @ManyToOne(() => ServiceVersionEntity)
  @JoinColumn([
    {
      name: 'tenant_id',
      referencedColumnName: 'tenantId',
      foreignKeyConstraintName: 'fk_applications_service_version',
    },
    {
      name: 'service_id',
      referencedColumnName: 'serviceId',
      foreignKeyConstraintName: 'fk_applications_service_version',
    },
    {
      name: 'service_version',
      referencedColumnName: 'version',
      foreignKeyConstraintName: 'fk_applications_service_version',
    },
  ])
  serviceVersionRow?: ServiceVersionEntity;

  @Column({ name: 'service_code', type: 'text' })
  serviceCode: string;

  /** TRT-2026-000123: given at submission, per municipality and year. */
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ name: 'applicant_id', type: 'uuid' })
  applicantId: string;

  @ManyToOne(() => CitizenEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_applications_applicant' },
    { name: 'applicant_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_applications_applicant' },
  ])
  applicant?: CitizenEntity;

  /** The organisation the applicant acted for, as the business register named it then. */
  @Column({ type: 'jsonb', nullable: true })
  organisation: Representation | null;

  /** The workflow state's id ('draft' before submission, 'withdrawn' after withdrawal). */
  @Column({ type: 'text' })
  state: string;

  @Column({ name: 'state_kind', type: 'text' })
  stateKind: ApplicationStateKind;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers: Record<string, unknown>;

  /** Answers filled in from a national register at the start, by field: the applicant cannot change them. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  verified: Record<string, VerifiedAnswer>;

  /** Fields a register should have filled but did not answer for, by field: typed by the applicant. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  unverified: Record<string, UnverifiedAnswer>;

  /** Steps of the form the applicant has completed (a draft resumes after them). */
  @Column({ name: 'steps_done', type: 'int', default: 0 })
  stepsDone: number;

  @Column({ type: 'text', nullable: true })
  delivery: string | null;

  /** The language the applicant used: messages and the decision are written in it. */
  @Column({ type: 'text' })
  locale: string;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => StaffMemberEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_applications_assignee' },
    { name: 'assignee_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_applications_assignee' },
  ])
  assignee?: StaffMemberEntity;

  @Column({ type: 'text', nullable: true })
  department: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'state_entered_at', type: 'timestamptz', default: () => 'now()' })
  stateEnteredAt: Date;

  /** When the case may leave its state at the latest (the state's deadline), if it has one. */
  @Column({ name: 'state_due_at', type: 'timestamptz', nullable: true })
  stateDueAt: Date | null;

  /** When the municipality aims to decide: moved on by the time the case waits for the applicant. */
  @Column({ name: 'decision_due_at', type: 'timestamptz', nullable: true })
  decisionDueAt: Date | null;

  @Column({ name: 'information_request', type: 'jsonb', nullable: true })
  informationRequest: InformationRequest | null;

  @Column({ type: 'jsonb', nullable: true })
  decision: ApplicationDecision | null;

  /** When the reminder of the current state's deadline was given (null: not yet, in this state). */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt: Date | null;

  /** When the current state's deadline passed and the case was escalated (null: not, in this state). */
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  /** When the next timed work of the case is due (reminder, escalation, timed step); null: none. */
  @Column({ name: 'next_timed_at', type: 'timestamptz', nullable: true })
  nextTimedAt: Date | null;

  /** A key the client sent with a submission (Idempotency-Key): the same key, the same application. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /**
   * The transaction that last wrote the row, set by a trigger (never by the app): the
   * applications feed's order (see migration 1764004100000).
   */
  @Column({ name: 'change_xid', type: 'bigint', default: 0, insert: false, update: false, select: false })
  changeXid: string;
}
