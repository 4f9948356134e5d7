import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';
import { ApplicationEntity } from './application.entity.js';

/**
 * A file of an application: an attachment the applicant uploaded to a form field, or a
 * document the municipality issued (the decision). The bytes are in the file storage under
 * `storageKey`; the checksum proves they are the ones received.
 */
@Entity({ name: 'application_files' })
@Index('ix_application_files_application', ['tenantId', 'applicationId'])
export class ApplicationFileEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity)
  @JoinColumn([
    {
      name: 'tenant_id',
      referencedColumnName: 'tenantId',
      foreignKeyConstraintName: 'fk_application_files_application',
    },
    {
      name: 'application_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_application_files_application',
    },
  ])
  application?: ApplicationEntity;

  /** attachment (from the applicant), decision or permit (documents the municipality issued). */
  @Column({ type: 'text' })
  kind: 'attachment' | 'decision' | 'permit';

  /** The form field an attachment belongs to. */
  @Column({ type: 'text', nullable: true })
  field: string | null;

  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType: string;

  @Column({ name: 'size_bytes', type: 'int' })
  sizeBytes: number;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
