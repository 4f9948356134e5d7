import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether the current state's reminder and escalation happened: a job run twice acts once. */
export class CaseDeadlineMarks1764001200000 implements MigrationInterface {
  name = 'CaseDeadlineMarks1764001200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table applications add column reminded_at timestamptz`);
    await q.query(`alter table applications add column escalated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table applications drop column escalated_at`);
    await q.query(`alter table applications drop column reminded_at`);
  }
}
