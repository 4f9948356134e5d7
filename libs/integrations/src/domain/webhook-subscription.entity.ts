import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { StaffMemberEntity } from '@townhall/identity';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';
import { WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events.js';

/** The events a row may hold, as SQL (the table's check, and the migration's). */
export const WEBHOOK_EVENTS_CHECK = `cardinality(events) > 0 and events <@ array[${WEBHOOK_EVENTS.map((e) => `'${e}'`).join(', ')}]::text[]`;

/**
 * Where a municipality's system wants to hear of events: an address, what for, which events,
 * and the secret Townhall signs each delivery with. The secret is kept sealed (AES-256-GCM,
 * SecretBox): signing needs it, so it cannot be hashed like an API key's. Disabled, it gets
 * nothing; deleted, its deliveries go with it.
 */
@Entity({ name: 'webhook_subscriptions' })
@Check('ck_webhook_subscriptions_events', WEBHOOK_EVENTS_CHECK)
@Check('ck_webhook_subscriptions_description', 'char_length(description) between 1 and 200')
@Check('ck_webhook_subscriptions_url', 'char_length(url) between 1 and 2000')
@Check('ck_webhook_subscriptions_disabled', '(disabled_at is null) = (disabled_by is null)')
export class WebhookSubscriptionEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_webhook_subscriptions_tenant' })
  tenant?: TenantEntity;

  /** Where deliveries are posted (https; see webhook-target.ts for what is allowed). */
  @Column({ type: 'text' })
  url: string;

  /** What it is, as the admin wrote it ("Records system"). */
  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', array: true })
  events: WebhookEvent[];

  /** The signing secret, sealed by SecretBox with this row's tenant and id as its context. */
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => StaffMemberEntity)
  @JoinColumn([
    {
      name: 'tenant_id',
      referencedColumnName: 'tenantId',
      foreignKeyConstraintName: 'fk_webhook_subscriptions_created_by',
    },
    { name: 'created_by', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_webhook_subscriptions_created_by' },
  ])
  creator?: StaffMemberEntity;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** When the secret was last replaced (null: the one made with the subscription). */
  @Column({ name: 'secret_rotated_at', type: 'timestamptz', nullable: true })
  secretRotatedAt: Date | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'disabled_by', type: 'uuid', nullable: true })
  disabledBy: string | null;

  @ManyToOne(() => StaffMemberEntity)
  @JoinColumn([
    {
      name: 'tenant_id',
      referencedColumnName: 'tenantId',
      foreignKeyConstraintName: 'fk_webhook_subscriptions_disabled_by',
    },
    {
      name: 'disabled_by',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_webhook_subscriptions_disabled_by',
    },
  ])
  disabler?: StaffMemberEntity;
}
