import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';
import type { NotificationEvent, NotificationPayload } from './notification-event.js';

/**
 * One notification to make, written in the transaction of the change that causes it, so a
 * change is never without its messages nor a message without its change. `processed_at` is
 * set once every delivery of it has ended (sent, or given up and shown to the admins).
 */
@Entity({ name: 'outbox' })
@Index('ix_outbox_pending', ['tenantId', 'createdAt'], { where: 'processed_at IS NULL' })
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
  recipientKind: 'citizen' | 'staff';

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @Column({ type: 'jsonb' })
  payload: NotificationPayload;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
