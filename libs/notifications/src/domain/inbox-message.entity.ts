import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TENANT_ID_DEFAULT, type TenantOwned } from '@townhall/tenancy';
import { OutboxEventEntity } from './outbox-event.entity.js';

/** A message in a citizen's portal inbox: every notification to a citizen lands here, whatever else they chose. */
@Entity({ name: 'inbox_messages' })
@Unique('uq_inbox_messages_outbox', ['tenantId', 'outboxId'])
@Index('ix_inbox_messages_citizen', ['tenantId', 'citizenId', 'createdAt'])
export class InboxMessageEntity implements TenantOwned {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', default: TENANT_ID_DEFAULT })
  tenantId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'citizen_id', type: 'uuid' })
  citizenId: string;

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

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
