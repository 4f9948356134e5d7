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
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';
import { OutboxEventEntity } from './outbox-event.entity.js';

export const DELIVERY_CHANNELS = ['email', 'sms', 'post'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * pending → sending → sent; a failed attempt goes back to `retrying`; after the last attempt
 * `failed` (shown to the municipality's admins, who may retry). A letter waits for an official
 * to post it (`to-post` → `posted`).
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'retrying', 'sent', 'failed', 'to-post', 'posted'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One message on one channel for one outbox event. (outbox_id, channel) is the delivery key:
 * a job run twice finds the row and does not send again.
 */
@Entity({ name: 'deliveries' })
@Unique('uq_deliveries_key', ['tenantId', 'outboxId', 'channel'])
@Index('ix_deliveries_status', ['tenantId', 'status', 'createdAt'])
@Check('ck_deliveries_channel', `channel in (${DELIVERY_CHANNELS.map((c) => `'${c}'`).join(', ')})`)
@Check('ck_deliveries_status', `status in (${DELIVERY_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class DeliveryEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'outbox_id', type: 'uuid' })
  outboxId: string;

  @ManyToOne(() => OutboxEventEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_deliveries_outbox' },
    { name: 'outbox_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_deliveries_outbox' },
  ])
  outbox?: OutboxEventEntity;

  @Column({ type: 'text' })
  channel: DeliveryChannel;

  /** The e-mail address or phone number it goes to; a letter's postal address. */
  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** While a worker sends it: another finds it taken until then (a killed worker's lease runs out). */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
