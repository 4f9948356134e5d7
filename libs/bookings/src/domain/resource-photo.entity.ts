import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { TENANT_ID_DEFAULT, TenantEntity, type TenantOwned } from '@townhall/tenancy';
import { ResourceEntity } from './resource.entity.js';

/** The photo types an admin may upload for a resource, checked by content. */
export const PHOTO_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** The largest photo accepted. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** A photo of a resource, uploaded in the office, its bytes in the file storage; shown on the public page. */
@Entity({ name: 'resource_photos' })
@Index('ix_resource_photos_resource', ['tenantId', 'resourceId'])
export class ResourcePhotoEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_resource_photos_tenant' })
  tenant?: TenantEntity;

  @Column({ name: 'resource_id', type: 'uuid' })
  resourceId: string;

  @ManyToOne(() => ResourceEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_resource_photos_resource' },
    { name: 'resource_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_resource_photos_resource' },
  ])
  resource?: ResourceEntity;

  /** What the photo shows, for those who cannot see it, per language (at least one). */
  @Column({ type: 'jsonb' })
  alt: Record<string, string>;

  @Column({ name: 'media_type', type: 'text' })
  mediaType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
