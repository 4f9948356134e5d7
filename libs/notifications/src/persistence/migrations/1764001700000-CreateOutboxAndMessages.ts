import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../../domain/delivery.entity.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** The outbox, its deliveries, the citizens' inbox and contact choices, and municipalities' wordings. */
export class CreateOutboxAndMessages1764001700000 implements MigrationInterface {
  name = 'CreateOutboxAndMessages1764001700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table outbox (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        event text not null,
        recipient_kind text not null,
        recipient_id uuid not null,
        payload jsonb not null,
        created_at timestamptz not null default now(),
        processed_at timestamptz,
        constraint pk_outbox primary key (tenant_id, id),
        constraint fk_outbox_tenant foreign key (tenant_id) references tenants (id) on delete cascade
      )`);
    await q.query(`create index ix_outbox_pending on outbox (tenant_id, created_at) where processed_at is null`);
    await protectTenantTable(q, 'outbox', ['select', 'insert', 'update']);

    await q.query(`
      create table deliveries (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        outbox_id uuid not null,
        channel text not null,
        address text not null,
        subject text not null,
        body text not null,
        status text not null,
        attempts int not null default 0,
        last_error text,
        claimed_until timestamptz,
        sent_at timestamptz,
        created_at timestamptz not null default now(),
        constraint pk_deliveries primary key (tenant_id, id),
        constraint uq_deliveries_key unique (tenant_id, outbox_id, channel),
        constraint fk_deliveries_outbox foreign key (tenant_id, outbox_id) references outbox (tenant_id, id),
        constraint ck_deliveries_channel check (channel in (${list(DELIVERY_CHANNELS)})),
        constraint ck_deliveries_status check (status in (${list(DELIVERY_STATUSES)}))
      )`);
    await q.query(`create index ix_deliveries_status on deliveries (tenant_id, status, created_at)`);
    await protectTenantTable(q, 'deliveries', ['select', 'insert', 'update']);

    await q.query(`
      create table inbox_messages (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        citizen_id uuid not null,
        outbox_id uuid not null,
        application_id uuid,
        subject text not null,
        body text not null,
        created_at timestamptz not null default now(),
        read_at timestamptz,
        constraint pk_inbox_messages primary key (tenant_id, id),
        constraint uq_inbox_messages_outbox unique (tenant_id, outbox_id),
        constraint fk_inbox_messages_outbox foreign key (tenant_id, outbox_id) references outbox (tenant_id, id)
      )`);
    await q.query(`create index ix_inbox_messages_citizen on inbox_messages (tenant_id, citizen_id, created_at)`);
    await protectTenantTable(q, 'inbox_messages', ['select', 'insert', 'update']);

    await q.query(`
      create table contact_preferences (
        tenant_id uuid not null,
        citizen_id uuid not null,
        email text,
        phone text,
        postal_address text,
        channels text[] not null default '{}',
        updated_at timestamptz not null default now(),
        constraint pk_contact_preferences primary key (tenant_id, citizen_id),
        constraint fk_contact_preferences_tenant foreign key (tenant_id) references tenants (id) on delete cascade
      )`);
    await protectTenantTable(q, 'contact_preferences', ['select', 'insert', 'update']);

    await q.query(`
      create table message_templates (
        tenant_id uuid not null,
        event text not null,
        locale text not null,
        subject text not null,
        body text not null,
        sms text not null,
        updated_by text not null,
        updated_at timestamptz not null default now(),
        constraint pk_message_templates primary key (tenant_id, event, locale),
        constraint fk_message_templates_tenant foreign key (tenant_id) references tenants (id) on delete cascade
      )`);
    await protectTenantTable(q, 'message_templates', ['select', 'insert', 'update', 'delete']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table message_templates, contact_preferences, inbox_messages, deliveries, outbox`);
  }
}
