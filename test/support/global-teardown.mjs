import pg from 'pg';
import { SERVER_URL, TEST_DATABASE_PREFIX } from './global-setup.mjs';

/** Drops the databases of test files that did not get to drop their own. */
export default async function globalTeardown() {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`select datname from pg_database where datname like $1`, [
      `${TEST_DATABASE_PREFIX}%`,
    ]);
    for (const { datname } of rows) {
      await client.query(`drop database if exists ${client.escapeIdentifier(datname)} with (force)`);
    }
  } finally {
    await client.end();
  }
}
