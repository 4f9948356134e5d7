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
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';
import { OutboxEventEntity } from './outbox-event.entity.js';

/** Whose inbox: a citizen's (their user id), or a person's by national identifier. */
export const INBOX_READER_CHECK = `citizen_id is not null or (person_country is not null and person_code is not null)`;

/**
 * A message in a citizen's portal inbox: every notification to a citizen lands here, whatever
 * else they chose. A message to a person known by national identifier (who may never have
 * logged in) is shown to whoever logs in with that identifier.
 */
@Entity({ name: 'inbox_messages' })
@Unique('uq_inbox_messages_outbox', ['tenantId', 'outboxId'])
@Index('ix_inbox_messages_citizen', ['tenantId', 'citizenId', 'createdAt'])
@Index('ix_inbox_messages_person', ['tenantId', 'personCountry', 'personCode', 'createdAt'])
@Check('ck_inbox_messages_reader', INBOX_READER_CHECK)
export class InboxMessageEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'citizen_id', type: 'uuid', nullable: true })
  citizenId: string | null;

  /** For a person known by national identifier: its country (ISO 3166-1 alpha-2) and code. */
  @Column({ name: 'person_country', type: 'text', nullable: true })
  personCountry: string | null;

  @Column({ name: 'person_code', type: 'text', nullable: true })
  personCode: string | null;

  @Column({ name: 'outbox_id', type: 'uuid' })
  outboxId: string;

  @ManyToOne(() => OutboxEventEntity)
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId', foreignKeyConstraintName: 'fk_inbox_messages_outbox' },
    { name: 'outbox_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_inbox_messages_outbox' },
  ])
  outbox?: OutboxEventEntity;

  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId: string | null;

  /** A page of the portal the message is about, when it is not an application (/me/entitlements). */
  @Column({ name: 'link_path', type: 'text', nullable: true })
  linkPath: string | null;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
