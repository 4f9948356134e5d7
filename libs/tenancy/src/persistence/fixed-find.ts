import { randomUUID } from 'node:crypto';
import type {
  EntityManager,
  EntityMetadata,
  EntityTarget,
  FindOptionsOrder,
  FindOptionsWhere,
  ObjectLiteral,
} from 'typeorm';
import type { TenantOwned } from './tenant-scoped.repository.js';

type ColumnMetadata = EntityMetadata['columns'][number];

/** What a fixed find may say: which rows and in which order; every column is read. */
export interface FixedFindOptions<E extends TenantOwned & ObjectLiteral> {
  where?: FindOptionsWhere<E>;
  order?: FindOptionsOrder<E>;
}

/**
 * Column types whose value, as node-postgres parses it, is what TypeORM would hydrate: these
 * are copied as they come; any other type, and any column with a transformer, goes through
 * the driver's hydration as in find().
 */
const PARSED_AS_HYDRATED = new Set<unknown>([
  'uuid',
  'text',
  'varchar',
  'character varying',
  'boolean',
  'int',
  'integer',
  'int4',
  'smallint',
  'json',
  'jsonb',
  'timestamptz',
  'timestamp with time zone',
]);
/** PostgreSQL cuts longer identifiers, and the row would miss the property. */
const MAX_IDENTIFIER = 63;

/**
 * A find() whose options are the same on every call but for the tenant: TypeORM's query
 * builder writes its SQL once, from the options and the entity's metadata (each column
 * selected under its property name), and each run sends that SQL with the tenant's id as a
 * parameter and makes entities of the rows. What find() redoes on every call, building the
 * SQL and its general hydration, is done once (ADR 0006).
 */
export class FixedFind<E extends TenantOwned & ObjectLiteral> {
  private constructor(
    private readonly sql: string,
    private readonly parameters: readonly unknown[],
    private readonly tenantAt: number,
    private readonly metadata: EntityMetadata,
    /** The columns whose parsed value the driver still converts; the rest are copied. */
    private readonly hydrated: readonly ColumnMetadata[],
  ) {}

  static compile<E extends TenantOwned & ObjectLiteral>(
    manager: EntityManager,
    target: EntityTarget<E>,
    options: FixedFindOptions<E>,
  ): FixedFind<E> {
    const metadata = manager.connection.getMetadata(target);
    // Where find() would do more than read columns, this would read less: refused.
    const unfit = [
      metadata.discriminatorColumn && 'table inheritance',
      metadata.lazyRelations.length > 0 && 'lazy relations',
      metadata.afterLoadListeners.length > 0 && '@AfterLoad listeners',
      manager.connection.subscribers.some((s) => s.afterLoad) && 'subscribers of load events',
      ...metadata.columns
        .filter((c) => c.isSelect && (c.embeddedMetadata || c.isVirtual || c.propertyName.length > MAX_IDENTIFIER))
        .map((c) => `column ${c.propertyPath}`),
    ].filter(Boolean);
    if (unfit.length > 0) throw new Error(`${metadata.name} cannot be read by a fixed find: ${unfit.join(', ')}`);

    // A stand-in for the tenant's id, to find where TypeORM put it among the parameters.
    const tenant = randomUUID();
    const query = manager
      .createQueryBuilder(target, metadata.name)
      .setFindOptions({ where: { ...options.where, tenantId: tenant } as FindOptionsWhere<E>, order: options.order })
      .select([]);
    const columns = metadata.columns.filter((c) => c.isSelect);
    for (const column of columns) query.addSelect(`${metadata.name}.${column.propertyPath}`, column.propertyName);
    const [sql, parameters] = query.getQueryAndParameters();
    const tenantAt = parameters.indexOf(tenant);
    if (tenantAt < 0 || parameters.lastIndexOf(tenant) !== tenantAt) {
      throw new Error(`${metadata.name}: the tenant is not exactly one parameter of ${sql}`);
    }
    return new FixedFind<E>(
      sql,
      parameters,
      tenantAt,
      metadata,
      columns.filter((column) => column.transformer || !PARSED_AS_HYDRATED.has(column.type)),
    );
  }

  /** Runs the find for the tenant in the manager's transaction. */
  async run(manager: EntityManager, tenantId: string): Promise<E[]> {
    const values = [...this.parameters];
    values[this.tenantAt] = tenantId;
    const rows: Record<string, unknown>[] = await manager.query(this.sql, values);
    const driver = manager.connection.driver;
    return rows.map((row) => {
      // Each column was selected under its property's name.
      const entity = Object.assign(this.metadata.create(manager.queryRunner, { fromDeserializer: true }), row);
      for (const column of this.hydrated) {
        entity[column.propertyName] = driver.prepareHydratedValue(row[column.propertyName], column);
      }
      return entity as E;
    });
  }
}
