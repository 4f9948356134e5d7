import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_RECIPIENT_CHECK } from '../../domain/outbox-event.entity.js';
import { INBOX_READER_CHECK } from '../../domain/inbox-message.entity.js';

/**
 * Notifications to a person known only by their national identifier (a benefit granted
 * without an application, to someone who may never have logged in): the outbox names them by
 * it, and their inbox message waits for whoever logs in with it. Inbox messages may also
 * point at a page of the portal.
 */
export class PersonRecipients1764003720000 implements MigrationInterface {
  name = 'PersonRecipients1764003720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table outbox alter column recipient_id drop not null`);
    await q.query(`alter table outbox add column recipient_country text, add column recipient_code text`);
    await q.query(`alter table outbox add constraint ck_outbox_recipient check (${OUTBOX_RECIPIENT_CHECK})`);

    await q.query(`alter table inbox_messages alter column citizen_id drop not null`);
    await q.query(
      `alter table inbox_messages add column person_country text, add column person_code text, add column link_path text`,
    );
    await q.query(`alter table inbox_messages add constraint ck_inbox_messages_reader check (${INBOX_READER_CHECK})`);
    await q.query(
      `create index ix_inbox_messages_person on inbox_messages (tenant_id, person_country, person_code, created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index ix_inbox_messages_person`);
    await q.query(`alter table inbox_messages drop constraint ck_inbox_messages_reader`);
    await q.query(
      `alter table inbox_messages drop column person_country, drop column person_code, drop column link_path`,
    );
    await q.query(`alter table inbox_messages alter column citizen_id set not null`);
    await q.query(`alter table outbox drop constraint ck_outbox_recipient`);
    await q.query(`alter table outbox drop column recipient_country, drop column recipient_code`);
    await q.query(`alter table outbox alter column recipient_id set not null`);
  }
}
