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
  UpdateDateColumn,
} from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type AssuranceLevel, type Locale, type TenantOwned } from '@townhall/tenancy';

/**
 * A service a municipality offers in its catalogue. Tenant-owned: tenant_id first in the
 * primary key, row-level security on (see the migration).
 */
@Entity({ name: 'services' })
@Unique('uq_services_code', ['tenantId', 'code'])
@Check('ck_services_assurance_level', `assurance_level in ('low', 'substantial', 'high')`)
export class ServiceEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_services_tenant' })
  tenant?: TenantEntity;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'jsonb' })
  title: Partial<Record<Locale, string>>;

  @Column({ type: 'jsonb' })
  summary: Partial<Record<Locale, string>>;

  /** How surely an applicant must be identified: a login below it is sent to log in again. */
  @Column({ name: 'assurance_level', type: 'text', default: 'substantial' })
  assuranceLevel: AssuranceLevel;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'int', default: 0 })
  position: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
