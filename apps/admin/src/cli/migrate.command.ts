import { DataSource } from 'typeorm';
import { allMigrations } from './schema.js';

/** Runs pending migrations as the owner role, each in its own transaction. */
export async function migrate(ownerUrl: string, log: (line: string) => void = console.log): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: ownerUrl,
    migrations: allMigrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    applicationName: 'townhall-migrate',
  });
  await dataSource.initialize();
  try {
    // Two deployments migrating at once would race; one waits for the other.
    await dataSource.query(`select pg_advisory_lock(hashtext('townhall.migrations'))`);
    const done = await dataSource.runMigrations();
    for (const m of done) log(`migrated ${m.name}`);
    if (done.length === 0) log('database is up to date');
    return done.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
