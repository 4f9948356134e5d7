// Figure 3: a tenant's 20 catalogue rows read through the product's door (TenantDatabase.readAs
// + ServicesRepository.listEnabled, TypeORM under row-level security) beside the same read in
// raw pg with an explicit `where tenant_id = $1`, in this process, same pool size, same
// concurrency. Diagnostic variants show what preparing the raw statement is worth, what the
// transaction's extra statements cost and what TypeORM's find() costs, and EXPLAIN shows the
// plan of the SQL TypeORM generated, as the app role under RLS.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LauncherError, ROOT, log } from '../lib/proc.mjs';
import { backendPids, cpuMeter } from './cpu.mjs';
import { compareLoops } from './load.mjs';
import { BENCH_DATABASE, QUEUE_PREFIX, pool } from './servers.mjs';

/**
 * The raw baseline: the same columns, rows and order as listEnabled(). The columns are the
 * entity's selected ones, so that a column added to ServiceEntity is read on both sides (a
 * hand-kept list had fallen behind by four, and the door read more than its baseline).
 */
function rawSqlFor(metadata) {
  const columns = metadata.columns.filter((column) => column.isSelect).map((column) => column.databaseName);
  return `select ${columns.join(', ')} from services where tenant_id = $1 and enabled order by category, position, code`;
}
const SET_TENANT_SQL = `select set_config('app.tenant_id', $1, true)`;

const distUrl = (file) => pathToFileURL(path.join(ROOT, 'dist', file)).href;

/**
 * A Nest application context of the built libraries an app reads tenant data with (config,
 * request context, database, Redis, tenancy, catalogue): the same providers the api uses,
 * without HTTP and without Bull (no queue consumer competing with the worker).
 */
async function openContext(stack, poolSize) {
  await import('reflect-metadata');
  const { Module } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { getDataSourceToken } = await import('@nestjs/typeorm');
  const platform = await import(distUrl('libs/platform/src/index.js'));
  const tenancy = await import(distUrl('libs/tenancy/src/index.js'));
  const catalogue = await import(distUrl('libs/catalogue/src/index.js'));

  const config = platform.loadConfig(platform.PlatformConfig, {
    DATABASE_URL: stack.appUrl,
    DATABASE_POOL_SIZE: String(poolSize),
    REDIS_URL: stack.redisUrl,
    QUEUE_PREFIX,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // Production refuses the development key (nothing here is encrypted).
    SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  });
  class BenchReadModule {}
  Module({
    imports: [
      platform.ConfigModule.forApp(platform.PlatformConfig, config),
      platform.RequestContextModule,
      platform.DatabaseModule.forApp({ name: 'bench' }),
      platform.RedisModule,
      tenancy.TenancyModule,
      catalogue.CatalogueModule,
    ],
  })(BenchReadModule);
  const app = await NestFactory.createApplicationContext(BenchReadModule, { logger: ['error', 'warn'] });
  return {
    app,
    tenantDb: app.get(tenancy.TenantDatabase),
    services: app.get(catalogue.ServicesRepository),
    dataSource: app.get(getDataSourceToken()),
    ServiceEntity: catalogue.ServiceEntity,
  };
}

/**
 * @param {{ appUrl: string, redisUrl: string }} stack
 * @param {{ id: string, slug: string }} tenant a tenant with exactly `expectedRows` enabled services
 */
export async function measureDbRead(
  stack,
  tenant,
  { expectedRows, concurrency, poolSize, duration, warmup, superuserDb },
) {
  const context = await openContext(stack, poolSize);
  const rawAppName = 'townhall-bench-raw';
  // Raw pg as the same app role, RLS still on: the tenant is pinned per connection at start-up,
  // so each read is the one SELECT with its explicit tenant_id, one round trip.
  const rawPool = pool(stack.appUrl, {
    max: poolSize,
    application_name: rawAppName,
    options: `-c app.tenant_id=${tenant.id}`,
  });
  // For the diagnostic raw variant that speaks the door's protocol (pipelined, as the apps'
  // pool is), and for EXPLAIN.
  const plainPool = pool(stack.appUrl, { max: poolSize, application_name: rawAppName, pipeline: true });
  // CPU per read: this process (TypeORM, Nest, pg's client side) and the PostgreSQL backends.
  const meter = () =>
    cpuMeter({
      node: 'self',
      postgres: backendPids(superuserDb, BENCH_DATABASE, ['townhall-bench', rawAppName]),
    });
  try {
    const { tenantDb, services, dataSource, ServiceEntity } = context;
    const RAW_SQL = rawSqlFor(dataSource.getMetadata(ServiceEntity));
    const variants = {
      // The product's door for reads, as the catalogue controller uses it.
      typeorm: () => tenantDb.readAs(tenant, () => services.listEnabled()),
      raw: async () => (await rawPool.query(RAW_SQL, [tenant.id])).rows,
      // Diagnostic: the raw read as a named (prepared) statement, as the apps' connections run
      // a repeated statement (ADR 0006): what planning once per connection is worth by itself.
      rawPrepared: async () =>
        (await rawPool.query({ name: 'bench_raw_read', text: RAW_SQL, values: [tenant.id] })).rows,
      // Diagnostic: the door's protocol in raw pg: BEGIN, set_config (prepared) and the SELECT
      // pipelined (one round trip), then COMMIT.
      rawDoorProtocol: async () => {
        const client = await plainPool.connect();
        try {
          const [, , { rows }] = await Promise.all([
            client.query('begin read only'),
            client.query({ name: 'bench_set_tenant', text: SET_TENANT_SQL, values: [tenant.id] }),
            client.query(RAW_SQL, [tenant.id]),
          ]);
          await client.query('commit');
          return rows;
        } finally {
          client.release();
        }
      },
      // Diagnostic: TypeORM's transaction and find() without the door's CLS bookkeeping (how
      // listEnabled() read before it became a fixed find, ADR 0006; on the apps' pool, so its
      // statements are prepared too).
      typeormBare: () =>
        dataSource.transaction(async (manager) => {
          await manager.query(SET_TENANT_SQL, [tenant.id]);
          return manager.find(ServiceEntity, {
            where: { tenantId: tenant.id, enabled: true },
            order: { category: 'ASC', position: 'ASC', code: 'ASC' },
          });
        }),
    };

    // Both sides must return the same rows, in the same order, every time we check.
    const expectedIds = await checkSameRows(variants, expectedRows);
    const statements = await captureStatements(variants.typeorm);
    const select = statements.find((s) => /^\s*select/i.test(s.query) && s.query.includes('"services"'));
    if (!select)
      throw new LauncherError(`could not capture TypeORM's SELECT: ${statements.map((s) => s.query).join(' | ')}`);

    const measured = await compareLoops(variants, { concurrency, duration, warmup, meter });
    await checkSameRows(variants, expectedRows, expectedIds);

    return {
      ...measured,
      concurrency,
      poolSize,
      rows: expectedRows,
      statements: statements.map((s) => (s.query.length <= 40 ? s.query : `${s.query.slice(0, 40)}…`)),
      // A statement sent while another is still unanswered rides on that one's round trip.
      roundTrips: statements.filter((s) => !s.pipelined).length,
      typeormSql: select.query,
      explain: await explainUnderRls(plainPool, tenant, select),
    };
  } finally {
    await context.app.close();
    await Promise.all([rawPool.end(), plainPool.end()]);
  }
}

async function checkSameRows(variants, expectedRows, expectedIds) {
  let reference = expectedIds;
  let columnCount;
  for (const [name, op] of Object.entries(variants)) {
    const rows = await op();
    const ids = rows.map((row) => row.id).join(',');
    const columns = Object.keys(rows[0] ?? {}).length;
    columnCount ??= columns;
    if (columns !== columnCount)
      throw new LauncherError(`db read (${name}) returned ${columns} columns, the others ${columnCount}`);
    const count = ids ? ids.split(',').length : 0;
    if (count !== expectedRows)
      throw new LauncherError(`db read (${name}) returned ${count} rows, expected ${expectedRows}`);
    reference ??= ids;
    if (ids !== reference) throw new LauncherError(`db read (${name}) returned other rows than the others`);
  }
  return reference;
}

/**
 * The statements one call sends, seen at pg's Client.query, and whether each went out while
 * an earlier one was still unanswered (pipelined: no round trip of its own).
 */
async function captureStatements(op) {
  const statements = [];
  const { default: pg } = await import('pg');
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    const query = typeof config === 'string' ? config : config?.text;
    if (typeof query === 'string') {
      const pipelined = Boolean(this._activeQuery) || (this._sentQueryQueue?.length ?? 0) > 0;
      statements.push({ query, parameters: Array.isArray(values) ? values : config?.values, pipelined });
    }
    return original.call(this, config, values, callback);
  };
  try {
    await op();
  } finally {
    pg.Client.prototype.query = original;
  }
  return statements;
}

/**
 * EXPLAIN ANALYZE of TypeORM's SELECT, with its parameters, as the app role inside a
 * transaction that set app.tenant_id the way the door does: the plan the product gets.
 */
async function explainUnderRls(plainPool, tenant, select) {
  const client = await plainPool.connect();
  try {
    await client.query('begin');
    await client.query(SET_TENANT_SQL, [tenant.id]);
    const json = await client.query(`explain (analyze, buffers, format json) ${select.query}`, select.parameters);
    const text = await client.query(
      `explain (analyze, costs off, timing off, summary off) ${select.query}`,
      select.parameters,
    );
    await client.query('rollback');
    const [root] = json.rows[0]['QUERY PLAN'];
    const nodes = flatten(root.Plan);
    const mentionsTenant = (condition) => typeof condition === 'string' && condition.includes('tenant_id');
    return {
      text: text.rows.map((row) => row['QUERY PLAN']).join('\n'),
      json: root,
      indexCondOnTenant: nodes.some((node) => mentionsTenant(node['Index Cond'])),
      filterOnTenant: nodes.some((node) => mentionsTenant(node.Filter)),
      seqScan: nodes.some((node) => node['Node Type'] === 'Seq Scan'),
      nodes: nodes.map((node) => ({
        type: node['Node Type'],
        index: node['Index Name'],
        indexCond: node['Index Cond'],
        filter: node.Filter,
      })),
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function flatten(node) {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

/**
 * `BENCH_ONLY=db-read`: figure 3 alone, `repeat` times on one stack (a municipality with the
 * 13 rows among `others` municipalities' rows), printing each run's ratios and their medians.
 * On a shared machine one run's p50 ratio moves with what else runs; the median of several
 * runs is the figure to quote. Writes no results.
 */
export async function runOnly({ stack, operator, settings, repeat }) {
  const servers = await import('./servers.mjs');
  const tenants = await import('./tenants.mjs');
  await servers.createOperator(stack, operator);
  const apps = await servers.startApps(stack);
  const appDb = servers.pool(stack.appUrl, { max: 1 });
  const ownerDb = servers.pool(stack.ownerUrl, { max: 1 });
  const superuserDb = servers.pool(stack.serverUrl, { max: 1 });
  try {
    const token = await tenants.login(apps.admin.port, operator.email, operator.password);
    const specs = [
      ...Array.from({ length: settings.fewTenants }, (_, i) =>
        tenants.tenantSpec(`bench-${i}`, settings.servicesPerTenant),
      ),
      tenants.tenantSpec('bench-twenty', settings.dbRows),
    ];
    await tenants.postTenants({ adminPort: apps.admin.port, token, specs, concurrency: 5 });
    await tenants.waitUntilActive(appDb, specs.length);
    await ownerDb.query('analyze tenants');
    await ownerDb.query('analyze services');
    const [twenty] = (await appDb.query('select id, slug from tenants where slug = $1', ['bench-twenty'])).rows;
    const runs = [];
    for (let run = 1; run <= repeat; run++) {
      const db = await measureDbRead(stack, twenty, {
        expectedRows: settings.dbRows,
        concurrency: settings.dbConcurrency,
        poolSize: settings.dbPoolSize,
        duration: settings.duration,
        warmup: settings.warmup,
        superuserDb,
      });
      const ratios = { ops: db.typeorm.ops / db.raw.ops, p50: db.typeorm.p50 / db.raw.p50 };
      runs.push({ db, ratios });
      const cpu = (figure) =>
        figure.cpuMsPerOp
          ? ` (CPU µs/op: ${Object.entries(figure.cpuMsPerOp)
              .map(([group, ms]) => `${group} ${Math.round(ms * 1000)}`)
              .join(', ')})`
          : '';
      for (const name of ['raw', 'rawPrepared', 'rawDoorProtocol', 'typeormBare', 'typeorm']) {
        log(`    ${name}: ${Math.round(db[name].ops)} ops/s, p50 ${db[name].p50.toFixed(3)} ms${cpu(db[name])}`);
      }
      log(
        `  run ${run}: raw ${Math.round(db.raw.ops)} ops/s p50 ${db.raw.p50.toFixed(3)} ms; readAs ${Math.round(db.typeorm.ops)} ops/s p50 ${db.typeorm.p50.toFixed(3)} ms → ${ratios.ops.toFixed(2)}x ops, ${ratios.p50.toFixed(2)}x p50; Index Cond on tenant_id: ${db.explain.indexCondOnTenant ? 'yes' : 'NO'}`,
      );
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const ops = median(runs.map((r) => r.ratios.ops));
    const p50 = median(runs.map((r) => r.ratios.p50));
    console.log('');
    console.log(
      `Figure 3 over ${repeat} runs: median ${ops.toFixed(2)}x ops (target >= 0.70x), median ${p50.toFixed(2)}x p50 (target <= 1.20x)`,
    );
    return 0;
  } finally {
    await Promise.all([appDb.end(), ownerDb.end(), superuserDb.end()]);
  }
}
