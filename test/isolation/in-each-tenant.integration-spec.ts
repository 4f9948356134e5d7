import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inEachTenant } from '@townhall/tenancy';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const LIBS = fileURLToPath(new URL('../../libs', import.meta.url));

/**
 * A data migration reaches every municipality's rows the way the apps reach one's: as each
 * municipality in turn (inEachTenant), row-level security forced throughout, the owner bound
 * by it too. No migration lifts it.
 */
describe('data migrations run as each municipality, never with row-level security lifted', () => {
  let db: TestDatabase;
  let owner: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
  });

  afterAll(async () => {
    await owner?.end();
    await db?.drop();
  });

  it('updates the rows of every municipality, and leaves no tenant set and RLS forced', async () => {
    const tenants = await db.query<{ id: string }>(
      `insert into tenants (slug, name, status, locales, default_locale, time_zone)
       values ('each-a', 'A', 'active', '{en}', 'en', 'Europe/Tallinn'),
              ('each-b', 'B', 'suspended', '{en}', 'en', 'Europe/Tallinn') returning id`,
    );
    await db.query(
      `insert into outbox (tenant_id, event, recipient_kind, recipient_id, payload)
       select t, 'application.submitted', 'citizen', gen_random_uuid(), '{}' from unnest($1::uuid[]) t`,
      [tenants.map((t) => t.id)],
    );

    await owner.query('begin');
    // Without a tenant the owner sees nothing: RLS is forced for it too.
    expect((await owner.query('select count(*)::int as n from outbox')).rows[0].n).toBe(0);
    const runner = { query: (sql: string) => owner.query(sql).then((r) => r.rows) } as unknown as QueryRunner;
    await inEachTenant(runner, `update outbox set processed_at = now() where processed_at is null`);
    expect((await owner.query(`select current_setting('app.tenant_id', true) as t`)).rows[0].t).toBe('');
    await owner.query('commit');

    const rows = await db.query<{ processed: boolean }>(`select processed_at is not null as processed from outbox`);
    expect(rows.map((r) => r.processed)).toEqual([true, true]);
    const [outbox] = await db.query<{ forced: boolean }>(
      `select relforcerowsecurity as forced from pg_class where relname = 'outbox'`,
    );
    expect(outbox.forced).toBe(true);
  });

  it('finds no migration that lifts or disables row-level security', () => {
    const offenders: string[] = [];
    for (const lib of readdirSync(LIBS)) {
      const dir = path.join(LIBS, lib, 'src/persistence/migrations');
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        if (/no\s+force\s+row\s+level\s+security|disable\s+row\s+level\s+security/i.test(text)) {
          offenders.push(`${lib}/${file}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
