import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Operators log in through the platform's provider: they are bound to (issuer, subject) at first login. */
export class OperatorIdentities1764000500000 implements MigrationInterface {
  name = 'OperatorIdentities1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table operators add column issuer text, add column subject text`);
    await q.query(`alter table operators add constraint uq_operators_identity unique (issuer, subject)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table operators drop constraint uq_operators_identity`);
    await q.query(`alter table operators drop column issuer, drop column subject`);
  }
}
