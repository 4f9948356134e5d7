import { DataSource } from 'typeorm';
import { allEntities } from '../../apps/admin/src/cli/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The migrations and the entities describe the same schema: after every migration ran,
 * TypeORM would generate nothing. A new column in an entity without its migration fails.
 */
describe('schema drift', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: db.ownerUrl, entities: allEntities });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('finds nothing to generate after the migrations', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
