import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Reads the catalogue of the migrated schema: every table that holds tenant_id must be
 * behind enabled and forced row-level security with a policy on app.tenant_id, with
 * tenant_id first in its primary key and its foreign keys; the app role must own nothing
 * and be unable to bypass RLS. A new table that forgets any of this fails here.
 */
describe('schema audit: row-level security is the only door', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('protects every table that holds tenant_id', async () => {
    const tables = await db.query<{
      table: string;
      rls: boolean;
      forced: boolean;
      policies: string[];
      pk_first: string | null;
    }>(`
      select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
             coalesce((select array_agg(p.qual::text || ' / ' || coalesce(p.with_check::text, ''))
                         from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname), '{}') as policies,
             (select a.attname from pg_constraint k
                join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
               where k.conrelid = c.oid and k.contype = 'p') as pk_first
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
       order by 1`);
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) {
      expect({ table: t.table, rls: t.rls, forced: t.forced, pkFirst: t.pk_first }).toEqual({
        table: t.table,
        rls: true,
        forced: true,
        pkFirst: 'tenant_id',
      });
      expect(t.policies.length).toBeGreaterThan(0);
      for (const policy of t.policies) expect(policy).toContain("current_setting('app.tenant_id'::text, true)");
    }
  });

  it('leads every foreign key between tenant tables with tenant_id', async () => {
    const keys = await db.query<{ name: string; first: string }>(`
      select k.conname as name, a.attname as first
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
       where n.nspname = 'public' and k.contype = 'f'
         and exists (select 1 from pg_attribute t where t.attrelid = k.conrelid and t.attname = 'tenant_id')
         -- (a key to a platform table, such as a template version, is a Citus reference table's)
         and exists (select 1 from pg_attribute t where t.attrelid = k.confrelid and t.attname = 'tenant_id')`);
    for (const key of keys) expect({ key: key.name, first: key.first }).toEqual({ key: key.name, first: 'tenant_id' });
  });

  it('keeps tenant_id out of the platform tables, which have no RLS', async () => {
    const unprotected = await db.query<{ table: string }>(`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity and c.relname <> 'migrations'
       order by 1`);
    // Platform tables are read before a tenant is known; adding one is a decision to review.
    expect(unprotected.map((t) => t.table)).toEqual([
      'operators',
      'platform_auth_events',
      'service_templates',
      'tenants',
    ]);
  });

  it('keeps the platform tables from the tenant host: it reads tenants, never writes them, never sees operators or their audit', async () => {
    const rights = await db.query<{ role: string; table: string; privilege: string }>(`
      select r.rolname as role, t.tbl as "table", p.privilege
        from (values ('townhall_app'), ('townhall_platform')) r(rolname)
        cross join (values ('tenants'), ('operators'), ('platform_auth_events'), ('service_templates')) t(tbl)
        cross join (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE')) p(privilege)
       where has_table_privilege(r.rolname, t.tbl, p.privilege)
       order by 1, 2, 3`);
    expect(rights.map((r) => `${r.role} ${r.privilege} ${r.table}`).sort()).toEqual([
      'townhall_app SELECT service_templates',
      'townhall_app SELECT tenants',
      'townhall_platform INSERT operators',
      'townhall_platform INSERT platform_auth_events',
      'townhall_platform INSERT service_templates',
      'townhall_platform INSERT tenants',
      'townhall_platform SELECT operators',
      'townhall_platform SELECT platform_auth_events',
      'townhall_platform SELECT service_templates',
      'townhall_platform SELECT tenants',
      'townhall_platform UPDATE operators',
      'townhall_platform UPDATE tenants',
    ]);
  });

  it('keeps published service versions immutable: the apps may add and read them, never change one', async () => {
    const rights = await db.query<{ privilege: string }>(`
      select p.privilege from (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE')) p(privilege)
       where has_table_privilege('townhall_platform', 'service_versions', p.privilege) order by 1`);
    expect(rights.map((r) => r.privilege)).toEqual(['INSERT', 'SELECT']);
  });

  it('keeps the audit trails append-only: the apps may add and read rows, never change or remove one', async () => {
    for (const table of ['data_access_log', 'application_events', 'auth_events']) {
      for (const role of ['townhall_app', 'townhall_platform']) {
        const rights = await db.query<{ privilege: string }>(
          `select p.privilege from (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE')) p(privilege)
            where has_table_privilege($1, $2, p.privilege) order by 1`,
          [role, table],
        );
        expect({ table, role, rights: rights.map((r) => r.privilege) }).toEqual({
          table,
          role,
          rights: ['INSERT', 'SELECT'],
        });
      }
    }
  });

  it('connects the apps as roles that own nothing and cannot bypass RLS', async () => {
    const roles = await db.query<{
      rolsuper: boolean;
      rolbypassrls: boolean;
      owned: number;
      inherited_bypass: boolean;
    }>(`
      select r.rolsuper, r.rolbypassrls,
             (select count(*)::int from pg_class c where c.relowner = r.oid
                 and c.relnamespace = 'public'::regnamespace) as owned,
             exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid
                      where m.member = r.oid and (g.rolsuper or g.rolbypassrls)) as inherited_bypass
        from pg_roles r where r.rolname in ('townhall_app', 'townhall_platform')`);
    expect(roles).toHaveLength(2);
    for (const role of roles)
      expect(role).toEqual({ rolsuper: false, rolbypassrls: false, owned: 0, inherited_bypass: false });
  });
});
