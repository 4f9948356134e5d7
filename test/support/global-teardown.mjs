import pg from 'pg';
import { SERVER_URL, TEMPLATE_DATABASE, TEST_DATABASE_PREFIX } from './global-setup.mjs';

/** Drops this run's template and the databases of test files that did not drop their own. */
export default async function globalTeardown() {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`select datname from pg_database where datname like $1`, [
      `${TEST_DATABASE_PREFIX}%`,
    ]);
    for (const { datname } of [...rows, { datname: TEMPLATE_DATABASE }]) {
      await client.query(`drop database if exists ${client.escapeIdentifier(datname)} with (force)`);
    }
  } finally {
    await client.end();
  }
}
