import {
  Check,
  Index,
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
 * A service a municipality offers in its catalogue: a platform template (code) customised.
 * The title, summary, category and level are the published version's, kept here for the
 * catalogue's hot read. Tenant-owned: tenant_id first in the
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

  /** The template version the draft customisation is made for (the code is the template's). */
  @Column({ name: 'template_version', type: 'int', nullable: true })
  templateVersion: number | null;

  /** The municipality's draft: what the office edits and previews, published as a version. */
  @Column({ type: 'jsonb', default: {} })
  customisation: Record<string, unknown>;

  /** The version citizens get (service_versions); null until first published. */
  @Column({ name: 'published_version', type: 'int', nullable: true })
  publishedVersion: number | null;

  /** Words of the published version in every language, for the catalogue's search. */
  @Index('ix_services_search', { synchronize: false })
  @Column({ type: 'tsvector', nullable: true, select: false })
  search: string | null;

  /** A hash of what the municipality's file last said of this service. */
  @Column({ name: 'file_hash', type: 'text', nullable: true })
  fileHash: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
