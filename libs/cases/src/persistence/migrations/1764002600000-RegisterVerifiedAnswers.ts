import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Once-only prefill from the national registers: which answers of an application a register
 * gave (read-only for the applicant, with their source), and which it should have given but
 * did not answer for (typed by the applicant, for an official to check).
 */
export class RegisterVerifiedAnswers1764002600000 implements MigrationInterface {
  name = 'RegisterVerifiedAnswers1764002600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table applications
         add column verified jsonb not null default '{}',
         add column unverified jsonb not null default '{}'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table applications drop column unverified, drop column verified`);
  }
}
