import { inEachTenant } from '@townhall/tenancy';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resource photo's text alternative per language (`{ "en": "…", "et": "…" }`), like the
 * resource's name: a screen reader reads it in the page's language. A text written before is
 * kept as the municipality's default language's.
 */
export class PhotoAltPerLanguage1764004640000 implements MigrationInterface {
  name = 'PhotoAltPerLanguage1764004640000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table resource_photos add column alt_texts jsonb`);
    // Row-level security binds the owner too: the backfill runs as each municipality in turn.
    await inEachTenant(
      q,
      `update resource_photos p set alt_texts = jsonb_build_object(t.default_locale, p.alt)
         from tenants t where t.id = p.tenant_id`,
    );
    await q.query(`alter table resource_photos drop column alt`);
    await q.query(`alter table resource_photos rename column alt_texts to alt`);
    await q.query(`alter table resource_photos alter column alt set not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table resource_photos add column alt_text text`);
    await inEachTenant(
      q,
      `update resource_photos p set alt_text = coalesce(p.alt ->> t.default_locale, (select min(v) from jsonb_each_text(p.alt) as e(k, v)))
         from tenants t where t.id = p.tenant_id`,
    );
    await q.query(`alter table resource_photos drop column alt`);
    await q.query(`alter table resource_photos rename column alt_text to alt`);
    await q.query(`alter table resource_photos alter column alt set not null`);
  }
}
