import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { PreparingClient } from './preparing-client.js';

const SET_TENANT = `select set_config('app.tenant_id', $1, true)`;

/**
 * The apps' pg client prepares a parameterised statement on its second run on a connection,
 * and a prepared statement answers as the unprepared one did: under row-level security, the
 * tenant of each transaction, not the one of the run that prepared it.
 */
describe('PreparingClient', () => {
  let db: TestDatabase;
  let client: PreparingClient;
  const tenants = [randomUUID(), randomUUID()];

  const preparedStatements = async () =>
    (await client.query('select statement from pg_prepared_statements order by statement')).rows.map(
      (row: { statement: string }) => row.statement,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const [i, id] of tenants.entries()) {
      await db.query(
        `insert into tenants (id, slug, name, locales, default_locale, time_zone)
         values ($1, $2, $2, '{en}', 'en', 'Europe/Tallinn')`,
        [id, `prepared-${i}`],
      );
      await db.query(
        `insert into services (tenant_id, code, category, title, summary) values ($1, $2, 'c', '{}', '{}')`,
        [id, `service-of-${i}`],
      );
    }
  });

  beforeEach(async () => {
    client = new PreparingClient({ connectionString: db.appUrl });
    await client.connect();
  });

  afterEach(async () => {
    await client.end();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('prepares a statement with parameters on its second run, and never one without', async () => {
    await client.query('select $1::int as n', [1]);
    await client.query('select 1 as n');
    await client.query('select 1 as n');
    expect(await preparedStatements()).toEqual([]);

    const second = await client.query('select $1::int as n', [2]);
    const third = await client.query('select $1::int as n', [3]);
    expect([second.rows, third.rows]).toEqual([[{ n: 2 }], [{ n: 3 }]]);
    expect(await preparedStatements()).toEqual(['select $1::int as n']);
  });

  it('reads the rows of the tenant of each transaction, whoever prepared the statement', async () => {
    // No tenant_id in the statement: only the policy narrows it. Past five runs PostgreSQL
    // may use a generic plan; it must still read the tenant at run time.
    const codesAs = async (tenant: string) => {
      await client.query('begin read only');
      await client.query(SET_TENANT, [tenant]);
      const { rows } = await client.query('select code from services where enabled = $1', [true]);
      await client.query('commit');
      return rows.map((row: { code: string }) => row.code);
    };
    for (let run = 0; run < 8; run++) {
      expect(await codesAs(tenants[run % 2])).toEqual([`service-of-${run % 2}`]);
    }
    expect(await preparedStatements()).toContain('select code from services where enabled = $1');
  });

  it('prepares a statement afresh when a migration changed the columns it returns', async () => {
    await client.query('create temporary table notes (id int, body varchar(10))');
    await client.query(`insert into notes values (1, 'first')`);
    const read = () => client.query('select body from notes where id = $1', [1]);
    await read();
    await read(); // prepared

    await client.query('alter table notes alter column body type text');
    await expect(read()).rejects.toMatchObject({ code: '0A000' });
    // The next run is prepared again and answers; so do the ones after it.
    await expect(read()).resolves.toMatchObject({ rows: [{ body: 'first' }] });
    await expect(read()).resolves.toMatchObject({ rows: [{ body: 'first' }] });
  });

  it('runs a statement whose first preparation failed in an aborted transaction', async () => {
    await client.query('select $1::int as n', [1]); // seen once: the next run prepares it
    await client.query('begin');
    await expect(client.query('select 1 / 0')).rejects.toThrow('division by zero');
    await expect(client.query('select $1::int as n', [2])).rejects.toThrow('current transaction is aborted');
    await client.query('rollback');
    await expect(client.query('select $1::int as n', [3])).resolves.toMatchObject({ rows: [{ n: 3 }] });
  });
});
