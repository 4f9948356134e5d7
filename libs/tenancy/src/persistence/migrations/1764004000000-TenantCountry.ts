import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The municipality's country (ISO 3166-1 alpha-2): the catalogue's competent authority names it. */
export class TenantCountry1764004000000 implements MigrationInterface {
  name = 'TenantCountry1764004000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table tenants add column country text,
         add constraint ck_tenants_country check (country ~ '^[A-Z]{2}$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table tenants drop column country`);
  }
}
