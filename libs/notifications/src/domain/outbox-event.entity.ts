import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';
import type { NotificationEvent, NotificationPayload, RecipientKind } from './notification-event.js';

/** A citizen or an official by their id; a person by their national identifier. */
export const OUTBOX_RECIPIENT_CHECK = `(recipient_kind in ('citizen', 'staff') and recipient_id is not null) or (recipient_kind = 'person' and recipient_country is not null and recipient_code is not null)`;

/**
 * One notification to make, written in the transaction of the change that causes it, so a
 * change is never without its messages nor a message without its change. `processed_at` is
 * set once every delivery of it has ended (sent, or given up and shown to the admins).
 */
@Entity({ name: 'outbox' })
@Index('ix_outbox_pending', ['tenantId', 'createdAt'], { where: 'processed_at IS NULL' })
@Check('ck_outbox_recipient', OUTBOX_RECIPIENT_CHECK)
export class OutboxEventEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_outbox_tenant' })
  tenant?: TenantEntity;

  @Column({ type: 'text' })
  event: NotificationEvent;

  @Column({ name: 'recipient_kind', type: 'text' })
  recipientKind: RecipientKind;

  /** A citizen's or an official's id; null for a person known by national identifier. */
  @Column({ name: 'recipient_id', type: 'uuid', nullable: true })
  recipientId: string | null;

  /** A person recipient's national identifier: its country (ISO 3166-1 alpha-2) and code. */
  @Column({ name: 'recipient_country', type: 'text', nullable: true })
  recipientCountry: string | null;

  @Column({ name: 'recipient_code', type: 'text', nullable: true })
  recipientCode: string | null;

  @Column({ type: 'jsonb' })
  payload: NotificationPayload;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
