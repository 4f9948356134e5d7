import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';
import { ApplicationEntity } from './application.entity.js';

/**
 * Something the applicant owes after a positive decision: the report due after a grant, a
 * confirmation of participation. Its form is the pinned service version's
 * (`followUps[].form`); its answers are kept here, step by step like an application's.
 */
@Entity({ name: 'follow_ups' })
@Unique('uq_follow_ups_key', ['tenantId', 'applicationId', 'followUpKey'])
@Index('ix_follow_ups_due', ['tenantId', 'dueAt'])
export class FollowUpEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_follow_ups_application' },
    { name: 'application_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_follow_ups_application' },
  ])
  application?: ApplicationEntity;

  /** The follow-up's id in the template (event-report). */
  @Column({ name: 'follow_up_key', type: 'text' })
  followUpKey: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers: Record<string, unknown>;

  @Column({ name: 'steps_done', type: 'int', default: 0 })
  stepsDone: number;

  /** Null while the applicant has yet to submit it (again, when it was returned). */
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
