import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each service says how surely an applicant must be identified (eIDAS level of assurance). */
export class ServiceAssuranceLevel1764000700000 implements MigrationInterface {
  name = 'ServiceAssuranceLevel1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table services add column assurance_level text not null default 'substantial'`);
    await q.query(
      `alter table services add constraint ck_services_assurance_level check (assurance_level in ('low', 'substantial', 'high'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table services drop column assurance_level`);
  }
}
