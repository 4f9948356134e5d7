import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';

/**
 * A person who has logged in to a municipality's portal. Known by (issuer, subject): the
 * same subject from two providers is two people. The national identifier (when the
 * provider gives one) is kept for look-ups in registers.
 */
@Entity({ name: 'citizens' })
@Unique('uq_citizens_identity', ['tenantId', 'issuer', 'subject'])
@Index('ix_citizens_national_id', ['tenantId', 'nationalId'])
export class CitizenEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_citizens_tenant' })
  tenant?: TenantEntity;

  @Column({ type: 'text' })
  issuer: string;

  @Column({ type: 'text' })
  subject: string;

  /** E.g. an Estonian isikukood; null for people the provider knows without one. */
  @Column({ name: 'national_id', type: 'text', nullable: true })
  nationalId: string | null;

  /** ISO 3166 country of the national identifier. */
  @Column({ name: 'national_id_country', type: 'text', nullable: true })
  nationalIdCountry: string | null;

  @Column({ name: 'given_name', type: 'text' })
  givenName: string;

  @Column({ name: 'family_name', type: 'text' })
  familyName: string;

  @Column({ type: 'date', nullable: true })
  birthdate: string | null;

  @Column({ name: 'last_login_at', type: 'timestamptz' })
  lastLoginAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
