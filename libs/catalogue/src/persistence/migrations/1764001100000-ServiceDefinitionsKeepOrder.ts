import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service definitions are kept as json, not jsonb: jsonb reorders an object's keys, and the
 * order of a group's fields on the form (and in summaries) is the order of its keys.
 */
export class ServiceDefinitionsKeepOrder1764001100000 implements MigrationInterface {
  name = 'ServiceDefinitionsKeepOrder1764001100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table service_templates alter column definition type json using definition::json`);
    await q.query(`alter table service_versions alter column definition type json using definition::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table service_versions alter column definition type jsonb using definition::jsonb`);
    await q.query(`alter table service_templates alter column definition type jsonb using definition::jsonb`);
  }
}
