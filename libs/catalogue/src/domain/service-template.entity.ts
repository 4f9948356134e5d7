import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { ServiceTemplate } from '../templates/service-template.js';

/** A published version of a platform template: a platform table, written once, never changed. */
@Entity({ name: 'service_templates' })
@Check('ck_service_templates_version', 'version >= 1')
export class ServiceTemplateEntity {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  /** json, not jsonb: the order of an object's keys is the order of a group's fields. */
  @Column({ type: 'json' })
  definition: ServiceTemplate;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt: Date;
}
