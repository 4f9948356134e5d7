import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The applications feed of the API for city systems reads a tenant's applications in order of change. */
export class ApplicationsFeedIndex1764003100000 implements MigrationInterface {
  name = 'ApplicationsFeedIndex1764003100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index ix_applications_updated on applications (tenant_id, updated_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index ix_applications_updated`);
  }
}
