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
import { OutboxEventEntity } from '@townhall/notifications';
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';
import type { WebhookEvent } from './webhook-events.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';

/**
 * pending → sending → delivered (the receiver answered 2xx); a failed attempt goes back to
 * `retrying`; after the job's last attempt `failed`. Disabling the subscription cancels what
 * it still had to send. An admin's "Send again" makes any of them `pending` again.
 */
export const WEBHOOK_DELIVERY_STATUSES = [
  'pending',
  'sending',
  'retrying',
  'delivered',
  'failed',
  'cancelled',
] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event for one subscription. Its id is the webhook's id (the `Townhall-Webhook-Id`
 * header), the same on every attempt; (outbox_id, subscription_id) is unique, so a job run
 * twice finds the row and does not plan it again. The body is kept as sent: every attempt,
 * and a resend, posts the same bytes (signed afresh with that attempt's timestamp).
 */
@Entity({ name: 'webhook_deliveries' })
@Unique('uq_webhook_deliveries_key', ['tenantId', 'outboxId', 'subscriptionId'])
@Index('ix_webhook_deliveries_subscription', ['tenantId', 'subscriptionId', 'createdAt'])
@Check('ck_webhook_deliveries_status', `status in (${WEBHOOK_DELIVERY_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class WebhookDeliveryEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'tenant_id',
      referencedColumnName: 'tenantId',
      foreignKeyConstraintName: 'fk_webhook_deliveries_subscription',
    },
    {
      name: 'subscription_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_webhook_deliveries_subscription',
    },
  ])
  subscription?: WebhookSubscriptionEntity;

  /** The outbox event it tells of (its id is the body's `id`). */
  @Column({ name: 'outbox_id', type: 'uuid' })
  outboxId: string;

  @ManyToOne(() => OutboxEventEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_webhook_deliveries_outbox' },
    { name: 'outbox_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_webhook_deliveries_outbox' },
  ])
  outbox?: OutboxEventEntity;

  @Column({ type: 'text' })
  event: WebhookEvent;

  /** The JSON posted, byte for byte. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  status: WebhookDeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** The HTTP status the receiver last answered (null: no answer, see last_error). */
  @Column({ name: 'last_status', type: 'int', nullable: true })
  lastStatus: number | null;

  /** What went wrong on the last attempt: the receiver's answer, a timeout, a refused connection. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** While a worker sends it: another finds it taken until then (a killed worker's lease runs out). */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
