import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';
import type { ServiceTemplate } from '../templates/service-template.js';
import { ServiceEntity } from './service.entity.js';
import { ServiceTemplateEntity } from './service-template.entity.js';

/**
 * A published version of a municipality's service: the template version, the customisation
 * and the service they make (`definition`), as citizens get it. Immutable (the app role may
 * only insert and read); an application pins the version it was started under.
 */
@Entity({ name: 'service_versions' })
export class ServiceVersionEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryColumn({ name: 'service_id', type: 'uuid' })
  serviceId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_service_versions_service' },
    { name: 'service_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_service_versions_service' },
  ])
  service?: ServiceEntity;

  @Column({ name: 'template_code', type: 'text' })
  templateCode: string;

  @Column({ name: 'template_version', type: 'int' })
  templateVersion: number;

  @ManyToOne(() => ServiceTemplateEntity)
  @JoinColumn([
    { name: 'template_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_service_versions_template' },
    {
      name: 'template_version',
      referencedColumnName: 'version',
      foreignKeyConstraintName: 'fk_service_versions_template',
    },
  ])
  template?: ServiceTemplateEntity;

  @Column({ type: 'jsonb' })
  customisation: Record<string, unknown>;

  /** json, not jsonb: the order of an object's keys is the order of a group's fields. */
  @Column({ type: 'json' })
  definition: ServiceTemplate;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt: Date;

  /** Who published it: a staff member's e-mail, or "file:<path>" for the municipality's file. */
  @Column({ name: 'published_by', type: 'text' })
  publishedBy: string;
}
