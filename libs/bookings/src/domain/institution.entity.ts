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

/** How to reach an institution about a booking. */
export interface InstitutionContacts {
  email?: string;
  phone?: string;
  person?: string;
}

/** A school, a city hall, a sports centre: the owner of bookable resources. */
@Entity({ name: 'institutions' })
@Unique('uq_institutions_code', ['tenantId', 'code'])
@Check('ck_institutions_managed_by', "managed_by in ('file', 'office')")
export class InstitutionEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_institutions_tenant' })
  tenant?: TenantEntity;

  /** Its code in the tenant file (lower-case letters, digits and -): how a file finds it again. */
  @Column({ type: 'text' })
  code: string;

  /** Per language. */
  @Column({ type: 'jsonb' })
  name: Record<string, string>;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  contacts: InstitutionContacts;

  /** 'file': set by the tenant file, read-only in the office; 'office': made and edited in the office. */
  @Column({ name: 'managed_by', type: 'text', default: 'file' })
  managedBy: 'file' | 'office';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
