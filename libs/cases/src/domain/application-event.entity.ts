import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';
import { ApplicationEntity } from './application.entity.js';

export type ApplicationEventKind =
  | 'started'
  | 'submitted'
  | 'transition'
  | 'note'
  | 'information-requested'
  | 'information-provided'
  | 'withdrawn'
  | 'assigned'
  | 'decided'
  | 'follow-up-submitted'
  | 'reminder'
  | 'escalated'
  | 'payment-requested'
  | 'payment-received'
  | 'payment-lapsed'
  | 'payment-refunded'
  | 'permit-revoked';

/**
 * The history of an application: every change, who made it and why. Append-only (the apps
 * may insert and read). Internal notes are shown to officials only.
 */
@Entity({ name: 'application_events' })
@Index('ix_application_events_application', ['tenantId', 'applicationId', 'occurredAt'])
export class ApplicationEventEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity)
  @JoinColumn([
    {
      name: 'tenant_id',
      referencedColumnName: 'tenantId',
      foreignKeyConstraintName: 'fk_application_events_application',
    },
    {
      name: 'application_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_application_events_application',
    },
  ])
  application?: ApplicationEntity;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'text' })
  kind: ApplicationEventKind;

  /** citizen, staff or system. */
  @Column({ name: 'actor_kind', type: 'text' })
  actorKind: 'citizen' | 'staff' | 'system';

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'text' })
  actorName: string;

  @Column({ type: 'text', nullable: true })
  transition: string | null;

  @Column({ name: 'from_state', type: 'text', nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'text', nullable: true })
  toState: string | null;

  /** Shown to officials only (an internal note). */
  @Column({ type: 'boolean', default: false })
  internal: boolean;

  /** The note, the reasons of a decision, the request's message. */
  @Column({ type: 'text', nullable: true })
  text: string | null;
}
