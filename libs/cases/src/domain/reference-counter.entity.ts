import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';

/** The last reference number given per municipality and year (TRT-2026-000123). */
@Entity({ name: 'reference_counters' })
export class ReferenceCounterEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ name: 'last_number', type: 'int' })
  lastNumber: number;
}
