import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';

/** What was looked at. */
export const DATA_ACCESS_ACTIONS = [
  'case-opened',
  'person-data-opened',
  'file-opened',
  'document-opened',
  'register-query',
] as const;
export type DataAccessAction = (typeof DATA_ACCESS_ACTIONS)[number];

/** Who looked: an official, a national register query made for a case, or the system. */
export type DataAccessActorKind = 'staff' | 'register' | 'system';

/**
 * One look at a citizen's data: an official opening their case, a file or their record, or
 * a register queried about them. The citizen sees every row about them ("who has seen my
 * data"). Append-only: the apps may insert and read, never change or remove a row.
 */
@Entity({ name: 'data_access_log' })
@Check('ck_data_access_log_action', `action in (${DATA_ACCESS_ACTIONS.map((a) => `'${a}'`).join(', ')})`)
@Check('ck_data_access_log_actor_kind', `actor_kind in ('staff', 'register', 'system')`)
@Index('ix_data_access_log_person', ['tenantId', 'personId', 'occurredAt'])
@Index('ix_data_access_log_application', ['tenantId', 'applicationId', 'occurredAt'])
export class DataAccessEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_data_access_log_tenant' })
  tenant?: TenantEntity;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  /** The citizen whose data it was. */
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId: string | null;

  @Column({ type: 'text' })
  action: DataAccessAction;

  @Column({ name: 'actor_kind', type: 'text' })
  actorKind: DataAccessActorKind;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** The official's name, or the register's, as the citizen is shown it. */
  @Column({ name: 'actor_name', type: 'text' })
  actorName: string;

  /** Why: the case it was part of, or the reason an official gave for looking outside one. */
  @Column({ type: 'text' })
  reason: string;

  /** What was opened (a file's name, a register's attribute list). */
  @Column({ type: 'text', nullable: true })
  detail: string | null;
}
