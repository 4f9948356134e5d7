import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SERVER_URL, TEMPLATE_DATABASE, TEST_DATABASE_PREFIX } from './environment.js';

export interface TestDatabase {
  name: string;
  /** As the app role (the tenant host): RLS applies. */
  appUrl: string;
  /** As the platform role (admin, worker, CLI): the app role's rights plus the platform tables. */
  platformUrl: string;
  /** As the owner role (migrations). */
  ownerUrl: string;
  /** As a superuser, for inspecting and for causing faults. */
  superuserUrl: string;
  /** Runs SQL as the superuser. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

function urlFor(user: string | null, password: string | null, database: string): string {
  const url = new URL(SERVER_URL);
  if (user) {
    url.username = user;
    url.password = password ?? '';
  }
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, migrated database of this test file's own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DATABASE} owner townhall_owner`);
  } finally {
    await admin.end();
  }
  const superuserUrl = urlFor(null, null, name);
  const pool = new pg.Pool({ connectionString: superuserUrl, max: 2 });
  // pool.end() resolves before its connections have closed; the drop below (WITH FORCE) then
  // terminates them, and a client that hears "terminating connection" with no listener throws
  // in this process, failing whichever test file the jest worker runs next. Expected: ignored.
  pool.on('connect', (client) => client.on('error', () => undefined));
  pool.on('error', () => undefined);
  return {
    name,
    appUrl: urlFor('townhall_app', 'townhall_app_dev', name),
    platformUrl: urlFor('townhall_platform', 'townhall_platform_dev', name),
    ownerUrl: urlFor('townhall_owner', 'townhall_owner_dev', name),
    superuserUrl,
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    drop: async () => {
      await pool.end();
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
