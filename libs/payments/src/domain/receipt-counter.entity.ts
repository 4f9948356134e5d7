import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';

/** The last receipt number given per municipality and year (taken in the transaction that marks a payment paid). */
@Entity({ name: 'payment_receipt_counters' })
export class ReceiptCounterEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_payment_receipt_counters_tenant' })
  tenant?: TenantEntity;

  @Column({ name: 'last_number', type: 'integer' })
  lastNumber: number;
}
