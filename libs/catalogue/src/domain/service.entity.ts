import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Locale, TenantOwned } from '@townhall/tenancy';

/**
 * A service a municipality offers in its catalogue. Tenant-owned: tenant_id first in the
 * primary key, row-level security on (see the migration).
 */
@Entity({ name: 'services' })
@Unique('uq_services_code', ['tenantId', 'code'])
export class ServiceEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'jsonb' })
  title: Partial<Record<Locale, string>>;

  @Column({ type: 'jsonb' })
  summary: Partial<Record<Locale, string>>;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'int', default: 0 })
  position: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
