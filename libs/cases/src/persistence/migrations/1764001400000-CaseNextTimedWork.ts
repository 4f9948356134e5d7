import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a case's next timed work is due (its reminder, escalation or timed automatic step):
 * the worker's sweep reads only cases due within a day, not every decided case each minute.
 */
export class CaseNextTimedWork1764001400000 implements MigrationInterface {
  name = 'CaseNextTimedWork1764001400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table applications add column next_timed_at timestamptz`);
    await q.query(`create index ix_applications_timed on applications (tenant_id, next_timed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index ix_applications_timed`);
    await q.query(`alter table applications drop column next_timed_at`);
  }
}
