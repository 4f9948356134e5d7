import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { CitizenEntity, StaffMemberEntity } from '@townhall/identity';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';
import { ResourceEntity } from './resource.entity.js';

/**
 * held: waiting for payment until held_until (the payments part confirms it);
 * requested: waiting for an official's approval (then confirmed, or held to be paid when it has
 * a price); confirmed; cancelled (by the booker); expired (a hold not paid in time, released by
 * the sweeper); rejected (by an official, with a reason).
 */
export const BOOKING_STATUSES = ['held', 'requested', 'confirmed', 'cancelled', 'expired', 'rejected'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** The statuses that occupy the resource's time. */
export const LIVE_STATUSES: BookingStatus[] = ['held', 'requested', 'confirmed'];

export const BOOKING_STATUS_CHECK = `status in (${BOOKING_STATUSES.map((s) => `'${s}'`).join(', ')})`;
/** No two live bookings of one resource overlap (gist over tenant, resource and time; btree_gist). */
export const BOOKING_EXCLUSION = `using gist (tenant_id with =, resource_id with =, during with &&) where (status in (${LIVE_STATUSES.map((s) => `'${s}'`).join(', ')}))`;

/** A rejected request names the official who rejected it and the reason the citizen is told. */
export const BOOKING_REJECTED_CHECK =
  "status <> 'rejected' or (decided_by is not null and decision_reason is not null)";

/** A citizen's booking of a resource for a time (UTC range, start included, end not). */
@Entity({ name: 'bookings' })
@Unique('uq_bookings_reference', ['tenantId', 'reference'])
@Check('ck_bookings_status', BOOKING_STATUS_CHECK)
@Check('ck_bookings_during', 'not isempty(during) and lower_inc(during) and not upper_inc(during)')
@Check('ck_bookings_held', "(status = 'held') = (held_until is not null)")
@Check('ck_bookings_rejected', BOOKING_REJECTED_CHECK)
@Exclusion('ex_bookings_no_overlap', BOOKING_EXCLUSION)
@Index('ix_bookings_booker', ['tenantId', 'bookerId'])
@Index('ix_bookings_held', ['tenantId', 'heldUntil'], { where: `status = 'held'` })
export class BookingEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_bookings_tenant' })
  tenant?: TenantEntity;

  @Column({ name: 'resource_id', type: 'uuid' })
  resourceId: string;

  @ManyToOne(() => ResourceEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_bookings_resource' },
    { name: 'resource_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_bookings_resource' },
  ])
  resource?: ResourceEntity;

  /** The citizen who booked. */
  @Column({ name: 'booker_id', type: 'uuid' })
  bookerId: string;

  @ManyToOne(() => CitizenEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_bookings_booker' },
    { name: 'booker_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_bookings_booker' },
  ])
  booker?: CitizenEntity;

  /** '[start,end)' in UTC, as PostgreSQL writes a tstzrange. */
  @Column({ type: 'tstzrange' })
  during: string;

  @Column({ type: 'text' })
  status: BookingStatus;

  /** Until when an unpaid hold keeps the slot (only while held). */
  @Column({ name: 'held_until', type: 'timestamptz', nullable: true })
  heldUntil: Date | null;

  /** What it costs, in minor units, computed on the server when booked. */
  @Column({ type: 'integer' })
  price: number;

  @Column({ type: 'text' })
  currency: string;

  /** What the booker and the institution call it: B-2025-7KQ3ZD. */
  @Column({ type: 'text' })
  reference: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** The official who approved or rejected a request (null when the booking needed no approval). */
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @ManyToOne(() => StaffMemberEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_bookings_decided_by' },
    { name: 'decided_by', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_bookings_decided_by' },
  ])
  decider?: StaffMemberEntity;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Why a request was rejected, as the citizen is told it. */
  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;
}
