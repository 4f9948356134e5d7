import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';
import type { BookableHours, BookingRules } from './bookable-hours.js';
import { InstitutionEntity } from './institution.entity.js';

/** What kind of thing is booked. */
export const RESOURCE_KINDS = ['room', 'hall', 'sports', 'wedding-slot'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const RESOURCE_KIND_CHECK = `kind in (${RESOURCE_KINDS.map((k) => `'${k}'`).join(', ')})`;

/** Who manages an institution or resource: the tenant file (read-only in the office) or the office. */
export type ManagedBy = 'file' | 'office';

/**
 * A room, hall, sports facility or City Hall wedding slot of an institution, with its rules:
 * bookable hours by weekday (local wall-clock time in the municipality's time zone), slot,
 * shortest and longest booking, lead time, price per hour in minor units of the currency.
 */
@Entity({ name: 'resources' })
@Unique('uq_resources_code', ['tenantId', 'code'])
@Check('ck_resources_kind', RESOURCE_KIND_CHECK)
@Check('ck_resources_price', 'price_per_hour >= 0')
@Check('ck_resources_managed_by', "managed_by in ('file', 'office')")
@Check('ck_resources_durations', 'slot_minutes > 0 and min_minutes > 0 and max_minutes >= min_minutes')
export class ResourceEntity implements TenantOwned, BookingRules {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_resources_tenant' })
  tenant?: TenantEntity;

  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => InstitutionEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_resources_institution' },
    { name: 'institution_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_resources_institution' },
  ])
  institution?: InstitutionEntity;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  kind: ResourceKind;

  @Column({ type: 'jsonb' })
  name: Record<string, string>;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  description: Record<string, string>;

  /** People it holds. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ name: 'area_m2', type: 'integer', nullable: true })
  areaM2: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  equipment: string[];

  /** Minor units (cents, öre, stotinki) per hour; 0 is free. */
  @Column({ name: 'price_per_hour', type: 'integer', default: 0 })
  pricePerHour: number;

  /** The municipality's currency when the resource was set up. */
  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'bookable_hours', type: 'jsonb' })
  bookableHours: BookableHours;

  /** Bookings start and end on whole slots of this many minutes. */
  @Column({ name: 'slot_minutes', type: 'integer', default: 30 })
  slotMinutes: number;

  @Column({ name: 'min_minutes', type: 'integer' })
  minMinutes: number;

  @Column({ name: 'max_minutes', type: 'integer' })
  maxMinutes: number;

  /** How long ahead a booking must be made at least. */
  @Column({ name: 'lead_minutes', type: 'integer', default: 0 })
  leadMinutes: number;

  /** A booking waits for an official's approval (status 'requested') instead of being confirmed. */
  @Column({ name: 'needs_approval', type: 'boolean', default: false })
  needsApproval: boolean;

  /** A booking may be cancelled by its booker until this long before it starts. */
  @Column({ name: 'cancellation_notice_minutes', type: 'integer', default: 0 })
  cancellationNoticeMinutes: number;

  /** A resource the tenant file no longer lists is disabled, not deleted. */
  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** 'file': set by the tenant file, read-only in the office; 'office': made and edited in the office. */
  @Column({ name: 'managed_by', type: 'text', default: 'file' })
  managedBy: ManagedBy;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
