import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';

/** How an entitlement came about: granted without an application, from a register. */
export const ENTITLEMENT_SOURCES = ['proactive'] as const;
export type EntitlementSource = (typeof ENTITLEMENT_SOURCES)[number];

/**
 * A benefit a person holds at a municipality, e.g. the +68 sports wristband. Keyed by the
 * person's national identifier (country and code), as the registers know them: the person
 * need never have logged in. (tenant, code, person) is unique: granting again is nothing.
 */
@Entity({ name: 'entitlements' })
@Unique('uq_entitlements_person', ['tenantId', 'code', 'personCountry', 'personCode'])
@Index('ix_entitlements_person', ['tenantId', 'personCountry', 'personCode'])
@Index('ix_entitlements_code', ['tenantId', 'code', 'grantedAt'])
@Check('ck_entitlements_source', `source in (${ENTITLEMENT_SOURCES.map((s) => `'${s}'`).join(', ')})`)
export class EntitlementEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_entitlements_tenant' })
  tenant?: TenantEntity;

  /** The benefit: a code of the municipality's `proactive` list (sports-wristband-68). */
  @Column({ type: 'text' })
  code: string;

  /** ISO 3166-1 alpha-2 of the national identifier's country. */
  @Column({ name: 'person_country', type: 'text' })
  personCountry: string;

  @Column({ name: 'person_code', type: 'text' })
  personCode: string;

  /** The person's name as the register gave it when granted. */
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'granted_at', type: 'timestamptz', default: () => 'now()' })
  grantedAt: Date;

  /** The day it holds from (YYYY-MM-DD): the 68th birthday. */
  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ type: 'text' })
  source: EntitlementSource;
}
