import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';
import { PAYMENT_EVENT_SOURCES, PAYMENT_EVENT_VERDICTS } from '../../domain/payment-event.entity.js';
import {
  PAYMENT_CURRENCY_CHECK,
  PAYMENT_METHOD_CHECK,
  PAYMENT_PAID_CHECK,
  PAYMENT_PURPOSE_CHECK,
  PAYMENT_STATUS_CHECK,
} from '../../domain/payment.entity.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Payments, the audit of their callbacks, and receipt numbers. */
export class CreatePayments1764003900000 implements MigrationInterface {
  name = 'CreatePayments1764003900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table payments (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        purpose_kind text not null,
        purpose_id uuid not null,
        description jsonb not null,
        lines jsonb not null default '[]',
        payer_id uuid not null,
        amount integer not null,
        currency text not null,
        method text,
        status text not null default 'created',
        provider_ref text,
        redirect_url text,
        return_path text,
        expires_at timestamptz not null,
        paid_at timestamptz,
        receipt_number text,
        refunded_at timestamptz,
        refund_ref text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_payments primary key (tenant_id, id),
        constraint uq_payments_provider_ref unique (tenant_id, provider_ref),
        constraint uq_payments_receipt_number unique (tenant_id, receipt_number),
        constraint fk_payments_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint fk_payments_payer foreign key (tenant_id, payer_id) references citizens (tenant_id, id),
        constraint ck_payments_status check (${PAYMENT_STATUS_CHECK}),
        constraint ck_payments_method check (${PAYMENT_METHOD_CHECK}),
        constraint ck_payments_purpose check (${PAYMENT_PURPOSE_CHECK}),
        constraint ck_payments_currency check (${PAYMENT_CURRENCY_CHECK}),
        constraint ck_payments_amount check (amount > 0),
        constraint ck_payments_paid check (${PAYMENT_PAID_CHECK})
      )`);
    await q.query(`create index ix_payments_purpose on payments (tenant_id, purpose_kind, purpose_id)`);
    await q.query(`create index ix_payments_created on payments (tenant_id, created_at)`);
    await q.query(
      `create index ix_payments_open on payments (tenant_id, expires_at) where status in ('created', 'pending')`,
    );
    // A payment is never deleted: the finance department reconciles them all.
    await protectTenantTable(q, 'payments', ['select', 'insert', 'update']);

    await q.query(`
      create table payment_events (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        payment_id uuid,
        source text not null,
        verdict text not null,
        reported jsonb not null default '{}',
        status_before text,
        status_after text,
        body_sha256 text,
        received_at timestamptz not null default now(),
        constraint pk_payment_events primary key (tenant_id, id),
        constraint fk_payment_events_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint fk_payment_events_payment foreign key (tenant_id, payment_id) references payments (tenant_id, id),
        constraint ck_payment_events_verdict check (verdict in (${list(PAYMENT_EVENT_VERDICTS)})),
        constraint ck_payment_events_source check (source in (${list(PAYMENT_EVENT_SOURCES)}))
      )`);
    await q.query(`create index ix_payment_events_payment on payment_events (tenant_id, payment_id)`);
    // The audit of callbacks is append-only.
    await protectTenantTable(q, 'payment_events', ['select', 'insert']);

    await q.query(`
      create table payment_receipt_counters (
        tenant_id uuid not null,
        year integer not null,
        last_number integer not null,
        constraint pk_payment_receipt_counters primary key (tenant_id, year),
        constraint fk_payment_receipt_counters_tenant foreign key (tenant_id) references tenants (id) on delete cascade
      )`);
    await protectTenantTable(q, 'payment_receipt_counters', ['select', 'insert', 'update']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table payment_receipt_counters`);
    await q.query(`drop table payment_events`);
    await q.query(`drop table payments`);
  }
}
