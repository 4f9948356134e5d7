import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';
import { ApplicationEntity } from './application.entity.js';

/**
 * A permit the municipality issued with a positive decision (a residential parking permit):
 * what its document says and what the public verification page (`/verify/permits/:code`)
 * answers a parking inspector. The id is random (gen_random_uuid) and is what the QR code's
 * signed code names; the holder's name is on the document only, never on the public page.
 */
@Entity({ name: 'permits' })
@Unique('uq_permits_application', ['tenantId', 'applicationId'])
export class PermitEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_permits_application' },
    { name: 'application_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_permits_application' },
  ])
  application?: ApplicationEntity;

  /** What the permit is for (`parking`). */
  @Column({ type: 'text' })
  kind: string;

  /** The permit's number (the application's reference). */
  @Column({ type: 'text' })
  number: string;

  @Column({ name: 'holder_name', type: 'text' })
  holderName: string;

  /** The vehicle's registration number, as the permit names it. */
  @Column({ type: 'text' })
  registration: string;

  /** The zone's id in the form, and its name per language. */
  @Column({ type: 'text' })
  zone: string;

  @Column({ name: 'zone_label', type: 'jsonb' })
  zoneLabel: Record<string, string>;

  /** Both days included (YYYY-MM-DD, the municipality's calendar). */
  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_until', type: 'date' })
  validUntil: string;

  @Column({ name: 'issued_at', type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;

  /** Set when the municipality takes the permit back; the verification page then says so. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** The permit's PDF among the application's files. */
  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId: string | null;
}
