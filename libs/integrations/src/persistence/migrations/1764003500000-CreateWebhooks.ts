import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';
import { WEBHOOK_DELIVERY_STATUSES } from '../../domain/webhook-delivery.entity.js';
import { WEBHOOK_EVENTS_CHECK } from '../../domain/webhook-subscription.entity.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Municipalities' webhook subscriptions (secrets sealed) and their deliveries, one per (event, subscription). */
export class CreateWebhooks1764003500000 implements MigrationInterface {
  name = 'CreateWebhooks1764003500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table webhook_subscriptions (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        url text not null,
        description text not null,
        events text[] not null,
        secret_sealed text not null,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        secret_rotated_at timestamptz,
        disabled_at timestamptz,
        disabled_by uuid,
        constraint pk_webhook_subscriptions primary key (tenant_id, id),
        constraint fk_webhook_subscriptions_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint fk_webhook_subscriptions_created_by foreign key (tenant_id, created_by) references staff_members (tenant_id, id),
        constraint fk_webhook_subscriptions_disabled_by foreign key (tenant_id, disabled_by) references staff_members (tenant_id, id),
        constraint ck_webhook_subscriptions_events check (${WEBHOOK_EVENTS_CHECK}),
        constraint ck_webhook_subscriptions_description check (char_length(description) between 1 and 200),
        constraint ck_webhook_subscriptions_url check (char_length(url) between 1 and 2000),
        constraint ck_webhook_subscriptions_disabled check ((disabled_at is null) = (disabled_by is null))
      )`);
    await protectTenantTable(q, 'webhook_subscriptions', ['select', 'insert', 'update', 'delete']);

    await q.query(`
      create table webhook_deliveries (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        subscription_id uuid not null,
        outbox_id uuid not null,
        event text not null,
        body text not null,
        status text not null,
        attempts int not null default 0,
        last_status int,
        last_error text,
        claimed_until timestamptz,
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz not null default now(),
        constraint pk_webhook_deliveries primary key (tenant_id, id),
        constraint uq_webhook_deliveries_key unique (tenant_id, outbox_id, subscription_id),
        constraint fk_webhook_deliveries_subscription foreign key (tenant_id, subscription_id)
          references webhook_subscriptions (tenant_id, id) on delete cascade,
        constraint fk_webhook_deliveries_outbox foreign key (tenant_id, outbox_id) references outbox (tenant_id, id),
        constraint ck_webhook_deliveries_status check (status in (${list(WEBHOOK_DELIVERY_STATUSES)}))
      )`);
    await q.query(
      `create index ix_webhook_deliveries_subscription on webhook_deliveries (tenant_id, subscription_id, created_at)`,
    );
    // Removed only with their subscription (the foreign key's cascade): a log is not edited away.
    await protectTenantTable(q, 'webhook_deliveries', ['select', 'insert', 'update']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table webhook_deliveries, webhook_subscriptions`);
  }
}
