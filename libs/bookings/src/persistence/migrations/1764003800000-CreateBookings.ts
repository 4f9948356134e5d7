import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '@townhall/tenancy';
import { BOOKING_EXCLUSION, BOOKING_STATUS_CHECK } from '../../domain/booking.entity.js';
import { RESOURCE_KIND_CHECK } from '../../domain/resource.entity.js';

/**
 * Institutions, their bookable resources, and bookings. No two live bookings of a resource
 * overlap: a PostgreSQL exclusion constraint (btree_gist) says so, not a check in code.
 */
export class CreateBookings1764003800000 implements MigrationInterface {
  name = 'CreateBookings1764003800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table institutions (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        code text not null,
        name jsonb not null,
        address text not null,
        contacts jsonb not null default '{}',
        created_at timestamptz not null default now(),
        constraint pk_institutions primary key (tenant_id, id),
        constraint uq_institutions_code unique (tenant_id, code),
        constraint fk_institutions_tenant foreign key (tenant_id) references tenants (id) on delete cascade
      )`);
    await protectTenantTable(q, 'institutions', ['select', 'insert', 'update']);
    await q.query(`
      create table resources (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        institution_id uuid not null,
        code text not null,
        kind text not null,
        name jsonb not null,
        description jsonb not null default '{}',
        capacity integer,
        area_m2 integer,
        equipment text[] not null default '{}',
        price_per_hour integer not null default 0,
        currency text not null,
        bookable_hours jsonb not null,
        slot_minutes integer not null default 30,
        min_minutes integer not null,
        max_minutes integer not null,
        lead_minutes integer not null default 0,
        needs_approval boolean not null default false,
        cancellation_notice_minutes integer not null default 0,
        enabled boolean not null default true,
        created_at timestamptz not null default now(),
        constraint pk_resources primary key (tenant_id, id),
        constraint uq_resources_code unique (tenant_id, code),
        constraint fk_resources_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint fk_resources_institution foreign key (tenant_id, institution_id) references institutions (tenant_id, id),
        constraint ck_resources_kind check (${RESOURCE_KIND_CHECK}),
        constraint ck_resources_price check (price_per_hour >= 0),
        constraint ck_resources_durations check (slot_minutes > 0 and min_minutes > 0 and max_minutes >= min_minutes)
      )`);
    await protectTenantTable(q, 'resources', ['select', 'insert', 'update']);
    await q.query(`
      create table bookings (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        resource_id uuid not null,
        booker_id uuid not null,
        during tstzrange not null,
        status text not null,
        held_until timestamptz,
        price integer not null,
        currency text not null,
        reference text not null,
        created_at timestamptz not null default now(),
        cancelled_at timestamptz,
        constraint pk_bookings primary key (tenant_id, id),
        constraint uq_bookings_reference unique (tenant_id, reference),
        constraint fk_bookings_tenant foreign key (tenant_id) references tenants (id) on delete cascade,
        constraint fk_bookings_resource foreign key (tenant_id, resource_id) references resources (tenant_id, id),
        constraint fk_bookings_booker foreign key (tenant_id, booker_id) references citizens (tenant_id, id),
        constraint ck_bookings_status check (${BOOKING_STATUS_CHECK}),
        constraint ck_bookings_during check (not isempty(during) and lower_inc(during) and not upper_inc(during)),
        constraint ck_bookings_held check ((status = 'held') = (held_until is not null)),
        constraint ex_bookings_no_overlap exclude ${BOOKING_EXCLUSION}
      )`);
    await q.query(`create index ix_bookings_booker on bookings (tenant_id, booker_id)`);
    await q.query(`create index ix_bookings_held on bookings (tenant_id, held_until) where status = 'held'`);
    // A booking is cancelled or expires, never deleted: what happened stays known.
    await protectTenantTable(q, 'bookings', ['select', 'insert', 'update']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table bookings`);
    await q.query(`drop table resources`);
    await q.query(`drop table institutions`);
  }
}
