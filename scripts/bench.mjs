#!/usr/bin/env node
// `npm run bench`: measures Townhall on this machine in one run of a few minutes.
// Installs and builds if needed, finds or starts PostgreSQL and Redis, makes a FRESH database
// (townhall_bench) and uses its own queue prefix, runs the built api, admin and worker as
// child processes, and measures (see docs in scripts/bench/*.mjs):
//   1. a bare node:http hello-world (the machine's ceiling for an HTTP answer),
//   2. the public catalogue read GET /api/v1/services at one tenant's host,
//   3. a tenant's 20 rows through TenantDatabase.readAs (TypeORM, RLS) beside raw pg, + EXPLAIN,
//   4. onboarding 1,000 tenants through the admin API until all are active,
//   5. the catalogue read spread over 10 tenants' hosts, then over 1,000+,
//   6. the portal's rendered catalogue page,
//   7. citizens submitting whole applications (POST /api/v1/applications, 23 answers, no file),
//   8. an official's work queue over a municipality with 100,000 cases, + EXPLAIN,
//   9. commit to mail: submissions at 100/s by citizens who chose e-mail, until the sandbox
//      received each one's mail, with the stages (scripts/bench/notifications.mjs),
//  10. no-op Bull jobs per second in one process, beside a raw Redis LPUSH/BRPOP loop.
// Prints a table with the targets, writes bench/results/<timestamp>.json and latest.json, and
// compares with the previous latest.json. Ctrl-C stops everything it started.
// BENCH_TENANTS (default 1000), BENCH_DURATION (seconds, default 5) and BENCH_CASES (default
// 100000) shorten a trial run. BENCH_ONLY=notifications measures figures 9 and 10 alone (on
// their own municipality; prints the table, writes no results). BENCH_ONLY=db-read measures
// figure 3 alone BENCH_REPEAT times (default 5) and prints the median ratios. BENCH_ONLY=submit
// measures figure 7 alone (one municipality, after a warm-up) with its CPU by process.
// BENCH_PROFILE=<app>[,<app>…] writes those apps' CPU profiles to bench/profiles/.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { ensureBuilt, ensureInstalled } from './lib/deps.mjs';
import { log, main } from './lib/proc.mjs';

const SETTINGS = {
  connections: 50, // HTTP figures: autocannon connections
  duration: Number(process.env.BENCH_DURATION) || 5, // seconds measured per figure
  warmup: 1, // seconds of warm-up before each measured run
  appWarmup: 12, // seconds of traffic after the api starts: its CPU per request halves as the JIT settles
  fewTenants: 10,
  manyTenants: Number(process.env.BENCH_TENANTS) || 1000,
  onboardingConcurrency: 20,
  servicesPerTenant: 5, // every catalogue-read tenant serves the same payload, so only the tenant count varies
  dbRows: 13, // every template: a municipality offers each at most once
  dbConcurrency: 10, // = the pool size: every loop has a connection, none waits for one
  dbPoolSize: 10, // the apps' DATABASE_POOL_SIZE default
  // seconds: the submission path is new to the JIT after the catalogue figures; measured on this
  // machine, its CPU per submission after 6 s of load is 2.5x that after 17 s (then steady)
  submitWarmup: 15,
  citizenSessions: 10, // figure 7: 8 personas, two of them twice (logins: 30 per 5 minutes per address)
  cases: Number(process.env.BENCH_CASES) || 100_000, // figure 8: cases seeded in the tenant
  queueConnections: 10, // figure 8: officials at work, not a crowd
};
const OPERATOR = { email: 'bench@example.eu', name: 'Bench', password: randomBytes(18).toString('base64url') };
const CATALOGUE = '/api/v1/services';

await main(async () => {
  const began = performance.now();
  await ensureInstalled();
  // These need node_modules (pg, ioredis, autocannon): import them only now.
  const servers = await import('./bench/servers.mjs');
  const { httpLoad, warmUp } = await import('./bench/load.mjs');
  const { backendPids, cpuMeter } = await import('./bench/cpu.mjs');
  const tenants = await import('./bench/tenants.mjs');
  const { measureDbRead } = await import('./bench/db-read.mjs');
  const cases = await import('./bench/cases.mjs');
  const report = await import('./bench/report.mjs');
  const notifications = await import('./bench/notifications.mjs');

  await ensureBuilt();
  const stack = await servers.prepareStack();
  if (process.env.BENCH_ONLY === 'notifications') {
    return notifications.runOnly({ stack, operator: OPERATOR, settings: SETTINGS });
  }
  if (process.env.BENCH_ONLY === 'db-read') {
    const { runOnly } = await import('./bench/db-read.mjs');
    return runOnly({ stack, operator: OPERATOR, settings: SETTINGS, repeat: Number(process.env.BENCH_REPEAT) || 5 });
  }
  if (process.env.BENCH_ONLY === 'submit') return submitOnly({ stack, servers, cases, report, backendPids, cpuMeter });
  await servers.createOperator(stack, OPERATOR);
  const machine = { ...machineFacts(), loadAverageAtStart: os.loadavg() };
  if (machine.loadAverageAtStart[0] > machine.cpus / 2) {
    log(
      `warning: load average ${machine.loadAverageAtStart[0].toFixed(2)} on ${machine.cpus} cores: other work is running, the figures will be lower and noisier`,
    );
  }
  const figures = {};
  const load = { connections: SETTINGS.connections, duration: SETTINGS.duration, warmup: SETTINGS.warmup };

  // 1. Baseline, alone on the machine: the apps are started only afterwards.
  const hello = await servers.startHello();
  log('1 hello-world baseline');
  const helloMeter = cpuMeter({ server: async () => [hello.pid], loadgen: 'self' });
  figures.helloWorld = await httpLoad({ port: hello.port, ...load, meter: helloMeter });
  await hello.stop();
  logFigure('hello-world', figures.helloWorld);

  const apps = await servers.startApps(stack);
  const ports = { api: apps.api.port, admin: apps.admin.port };
  // The app role reads the (RLS-free) tenants table to follow provisioning; the owner analyzes;
  // the superuser sees every session's backend pid (for CPU per request).
  const appDb = servers.pool(stack.appUrl, { max: 1 });
  const ownerDb = servers.pool(stack.ownerUrl, { max: 1 });
  const superuserDb = servers.pool(stack.serverUrl, { max: 1 });
  // `extra` groups, e.g. the worker, which deadline jobs and its sweep keep busy.
  const apiMeter = (extra = {}) =>
    cpuMeter({
      server: async () => [apps.api.pid],
      postgres: backendPids(superuserDb, servers.BENCH_DATABASE, ['townhall-api']),
      ...extra,
      loadgen: 'self',
    });
  machine.postgres = (await appDb.query('show server_version')).rows[0].server_version;
  const token = await tenants.login(ports.admin, OPERATOR.email, OPERATOR.password);
  const onboard = async (specs, expectedActive) => {
    const posted = await tenants.postTenants({
      adminPort: ports.admin,
      token,
      specs,
      concurrency: SETTINGS.onboardingConcurrency,
    });
    const activeAt = await tenants.waitUntilActive(appDb, expectedActive);
    return { ...posted, seconds: (activeAt - posted.started) / 1000 };
  };

  // The first 10 tenants, for figures 2 and 5 (10 tenants).
  const fewSpecs = range(SETTINGS.fewTenants).map((i) => tenants.tenantSpec(`bench-${i}`, SETTINGS.servicesPerTenant));
  await onboard(fewSpecs, fewSpecs.length);
  const fewHosts = fewSpecs.map((spec) => `${spec.slug}.localhost`);
  await tenants.checkCatalogue(ports.api, fewHosts[0], SETTINGS.servicesPerTenant);

  // Without this, whichever figure comes first pays for the JIT (about 2x the CPU per request).
  log(`warming the api up (${SETTINGS.appWarmup} s, unmeasured)`);
  await warmUp({
    port: ports.api,
    path: CATALOGUE,
    hosts: fewHosts,
    connections: SETTINGS.connections,
    seconds: SETTINGS.appWarmup,
  });

  log(`2 ${CATALOGUE} at one tenant's host`);
  figures.catalogueOneHost = await httpLoad({
    port: ports.api,
    path: CATALOGUE,
    hosts: [fewHosts[0]],
    ...load,
    meter: apiMeter(),
  });
  logFigure('catalogue, 1 host', figures.catalogueOneHost);

  log(`6 GET / (the portal's server-rendered catalogue page) at one tenant's host`);
  figures.cataloguePage = await httpLoad({
    port: ports.api,
    path: '/',
    hosts: [fewHosts[0]],
    ...load,
    meter: apiMeter(),
  });
  logFigure('catalogue page, 1 host', figures.cataloguePage);

  log(`5 ${CATALOGUE} over ${fewHosts.length} tenants' hosts`);
  figures.catalogueFewTenants = {
    ...(await httpLoad({ port: ports.api, path: CATALOGUE, hosts: fewHosts, ...load, meter: apiMeter() })),
    tenants: fewSpecs.length,
  };
  logFigure(`catalogue, ${fewHosts.length} tenants`, figures.catalogueFewTenants);

  // 4. From the first POST until every tenant is active (provisioned by the worker).
  log(`4 onboarding ${SETTINGS.manyTenants} tenants, ${SETTINGS.onboardingConcurrency} at a time`);
  const manySpecs = range(SETTINGS.manyTenants).map((i) =>
    tenants.tenantSpec(`bench-t${String(i).padStart(4, '0')}`, SETTINGS.servicesPerTenant),
  );
  const onboardingMeter = cpuMeter({
    admin: async () => [apps.admin.pid],
    worker: async () => [apps.worker.pid],
    postgres: backendPids(superuserDb, servers.BENCH_DATABASE, ['townhall-admin', 'townhall-worker']),
    client: 'self',
  });
  await onboardingMeter.start();
  const onboarding = await onboard(manySpecs, fewSpecs.length + manySpecs.length);
  await onboardingMeter.stop(manySpecs.length);
  figures.onboarding = {
    tenants: manySpecs.length,
    concurrency: SETTINGS.onboardingConcurrency,
    seconds: onboarding.seconds,
    tenantsPerSecond: manySpecs.length / onboarding.seconds,
    posts: onboarding.posts,
    cpuMsPerTenant: onboardingMeter.perUnit(),
    othersShare: onboardingMeter.othersShare(),
  };
  log(
    `  ${figures.onboarding.tenantsPerSecond.toFixed(1)} tenants/s (${onboarding.seconds.toFixed(1)} s until all active)`,
  );

  // The tenant of figure 3: exactly 20 enabled services, among 1,000+ tenants' rows.
  const twentySpec = tenants.tenantSpec('bench-twenty', SETTINGS.dbRows);
  await onboard([twentySpec], fewSpecs.length + manySpecs.length + 1);
  // Statistics as autovacuum would have them after such a load, so plans are not an accident
  // of when autovacuum last ran.
  await ownerDb.query('analyze tenants');
  await ownerDb.query('analyze services');

  const manyHosts = [...fewHosts, ...manySpecs.map((spec) => `${spec.slug}.localhost`)];
  await tenants.checkCatalogue(ports.api, manyHosts.at(-1), SETTINGS.servicesPerTenant);
  log(`5 ${CATALOGUE} over ${manyHosts.length} tenants' hosts`);
  figures.catalogueManyTenants = {
    ...(await httpLoad({ port: ports.api, path: CATALOGUE, hosts: manyHosts, ...load, meter: apiMeter() })),
    tenants: manyHosts.length,
  };
  logFigure(`catalogue, ${manyHosts.length} tenants`, figures.catalogueManyTenants);

  log(`3 ${SETTINGS.dbRows} rows through TenantDatabase.readAs vs raw pg, ${SETTINGS.dbConcurrency} concurrent`);
  const [twenty] = (await appDb.query('select id, slug from tenants where slug = $1', [twentySpec.slug])).rows;
  figures.dbRead = await measureDbRead(stack, twenty, {
    expectedRows: SETTINGS.dbRows,
    concurrency: SETTINGS.dbConcurrency,
    poolSize: SETTINGS.dbPoolSize,
    duration: SETTINGS.duration,
    warmup: SETTINGS.warmup,
    superuserDb,
  });

  // Figures 7 and 8: a municipality of their own, onboarded like the others, whose people log in
  // at the sandbox's providers.
  const casesSpec = tenants.casesTenantSpec('bench-cases', apps.sandboxBase, servers.BENCH_CLIENT_SECRETS);
  await onboard([casesSpec], fewSpecs.length + manySpecs.length + 2);
  const [casesTenant] = (await appDb.query('select id from tenants where slug = $1', [casesSpec.slug])).rows;
  // With the port: the login's callback address is made from the Host header.
  const casesHost = `${casesSpec.slug}.localhost:${ports.api}`;
  // The worker's own CPU and its PostgreSQL backends', apart: which of the two a change saves.
  const workerGroup = {
    worker: async () => [apps.worker.pid],
    'worker db': backendPids(superuserDb, servers.BENCH_DATABASE, ['townhall-worker']),
  };

  const citizens = await cases.citizenSessions(casesHost, SETTINGS.citizenSessions);
  const submission = { service: cases.SERVICE, answers: cases.grantAnswers(), delivery: 'portal' };
  figures.submitApplication = await cases.measureSubmissions({
    port: ports.api,
    citizens,
    submission,
    load: { ...load, warmup: SETTINGS.submitWarmup },
    meter: apiMeter(workerGroup),
    ownerDb,
    tenantId: casesTenant.id,
  });
  logFigure('submit application', figures.submitApplication);
  log(
    `  ${figures.submitApplication.kept.n} applications kept, ${figures.submitApplication.kept.refs} distinct references; answers ${JSON.stringify(figures.submitApplication.statuses)}`,
  );

  log(`8 seeding ${SETTINGS.cases.toLocaleString('en-US')} cases into ${casesSpec.slug} (SQL as the owner)`);
  const seed = await cases.seedCases(ownerDb, casesTenant.id, SETTINGS.cases, cases.grantAnswers());
  await ownerDb.query('analyze applications');
  log(`  ${seed.rows} rows in ${seed.seconds.toFixed(1)} s, ${seed.applicants} applicants`);
  const official = { ...(await cases.staffSession(casesHost)), accept: 'application/json' };
  const queueLoad = { ...load, connections: SETTINGS.queueConnections };
  for (const [key, path] of [
    ['caseQueue', cases.QUEUE],
    ['caseQueueOverdue', `${cases.QUEUE}?due=overdue`],
  ]) {
    await cases.checkQueue(ports.api, official, path, 50);
    log(`8 GET ${path}, ${queueLoad.connections} connections`);
    figures[key] = {
      ...(await httpLoad({
        port: ports.api,
        path,
        headerSets: [official],
        ...queueLoad,
        meter: apiMeter(workerGroup),
      })),
      cases: seed.rows,
    };
    logFigure(`queue${key === 'caseQueueOverdue' ? ', overdue' : ''}`, figures[key]);
  }
  figures.caseQueueExplain = await cases.explainQueue(appDb, casesTenant.id);

  // 9 and 10: figure 7's citizens choose e-mail; their submissions are new applications again.
  Object.assign(
    figures,
    await notifications.measureNotifications({
      apps,
      stack,
      ownerDb,
      superuserDb,
      tenantId: casesTenant.id,
      citizens,
      submission,
      queuePrefix: servers.QUEUE_PREFIX,
      database: servers.BENCH_DATABASE,
      backendPids,
      cpuMeter,
    }),
  );
  machine.loadAverageAtEnd = os.loadavg();

  // Report.
  const rows = [...report.buildRows(figures), ...notifications.notificationRows(figures)];
  const previous = report.readPrevious();
  const results = {
    timestamp: new Date().toISOString(),
    seconds: (performance.now() - began) / 1000,
    machine,
    settings: SETTINGS,
    figures,
    rows,
  };
  const file = report.writeResults(results);

  console.log('');
  printDbReadFindings(figures.dbRead);
  console.log('');
  printQueuePlan(figures.caseQueueExplain, figures.caseQueue.cases);
  console.log('');
  for (const line of report.formatCpu(figures, machine.cpus)) console.log(line);
  console.log('');
  for (const line of notifications.formatNotificationFindings(figures)) console.log(line);
  console.log('');
  for (const line of report.formatTable(rows)) console.log(line);
  console.log('');
  if (previous) {
    console.log(`Compared with the previous run (${previous.timestamp}):`);
    for (const line of report.formatComparison(previous, rows)) console.log(`  ${line}`);
    console.log('');
  }
  const busiest = Math.max(...rows.map((row) => row.others ?? 0));
  if (busiest > 0.1) {
    log(
      `note: other processes used up to ${percent(busiest)} of the ${machine.cpus} cores during a measurement (column "others"): those figures are lower and noisier than on a quiet machine`,
    );
  }
  log(`results in ${file} and bench/results/latest.json (${results.seconds.toFixed(0)} s)`);
  return 0;
});

function range(count) {
  return Array.from({ length: count }, (_, i) => i);
}

/**
 * BENCH_ONLY=submit: figure 7 alone, on its own municipality, with CPU by process (api, its
 * database backends, worker, the worker's backends), for trying a change to the submission
 * path quickly. Prints; writes no results.
 */
async function submitOnly({ stack, servers, cases, report, backendPids, cpuMeter }) {
  const run = await cases.startCasesTenant({ stack, operator: OPERATOR, citizenSessions: SETTINGS.citizenSessions });
  const meter = cpuMeter({
    server: async () => [run.apps.api.pid],
    postgres: backendPids(run.superuserDb, servers.BENCH_DATABASE, ['townhall-api']),
    worker: async () => [run.apps.worker.pid],
    'worker db': backendPids(run.superuserDb, servers.BENCH_DATABASE, ['townhall-worker']),
    loadgen: 'self',
  });
  const figure = await cases.measureSubmissions({
    port: run.apps.api.port,
    citizens: run.citizens,
    submission: run.submission,
    load: { connections: SETTINGS.connections, duration: SETTINGS.duration, warmup: SETTINGS.submitWarmup },
    meter,
    ownerDb: run.ownerDb,
    tenantId: run.tenantId,
  });
  logFigure('submit application', figure);
  console.log('');
  for (const line of report.formatCpu({ submitApplication: figure }, os.cpus().length)) console.log(line);
  await run.close();
  return 0;
}

function machineFacts() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Logs an HTTP figure, with how much of the machine other processes took meanwhile. */
function logFigure(name, figure) {
  figure.loadAverage1m = os.loadavg()[0];
  const others =
    figure.othersShare === null ? '' : `; other processes used ${percent(figure.othersShare)} of the cores`;
  const extra = figure.non2xx || figure.errors ? ` — ${figure.non2xx} non-2xx, ${figure.errors} errors!` : '';
  log(
    `  ${name}: ${Math.round(figure.rps)} req/s, p50 ${figure.p50.toFixed(2)} ms, p99 ${figure.p99.toFixed(2)} ms${others}${extra}`,
  );
}

function percent(share) {
  return `${Math.round(share * 100)}%`;
}

/** The plans of figure 8's queue SQL: which index, whether it sorts the tenant's cases. */
function printQueuePlan(explain, count) {
  console.log(
    `EXPLAIN (ANALYZE, BUFFERS) of the work queue's SQL over ${count.toLocaleString('en-US')} cases, as the app role, app.tenant_id set:`,
  );
  for (const line of explain.sql.split('\n')) console.log(`  ${line.trim()}`);
  console.log('  custom plan (the values planned in):');
  for (const line of explain.custom.split('\n')) console.log(`    ${line}`);
  console.log('  generic plan (a prepared statement after five runs):');
  for (const line of explain.generic.split('\n')) console.log(`    ${line}`);
  console.log(
    `  → ${explain.scan ?? '?'}${explain.index ? ` using ${explain.index}` : ''}; full sort: ${explain.sorts ? 'YES' : 'no'}; incremental sort: ${explain.incrementalSort ? 'yes' : 'no'}; ${explain.executionMs} ms`,
  );
}

/** What the EXPLAIN and the diagnostic variants of figure 3 say. */
function printDbReadFindings(db) {
  const plan = db.explain;
  console.log("EXPLAIN (ANALYZE) of TypeORM's SELECT as the app role, app.tenant_id set like TenantDatabase does:");
  for (const line of plan.text.split('\n')) console.log(`  ${line}`);
  console.log(
    `  → Index Cond on tenant_id: ${plan.indexCondOnTenant ? 'yes' : 'NO'}; tenant_id in a Filter: ${plan.filterOnTenant ? 'yes' : 'no'}; Seq Scan: ${plan.seqScan ? 'YES' : 'no'}`,
  );
  console.log(
    `Statements of one readAs(listEnabled): ${db.statements.length} (${db.statements.join(' | ')}) in ${db.roundTrips} round trips; raw pg: 1`,
  );
  const perOp = (figure) => 1000 / (figure.ops / db.concurrency); // ms of wall time per op per loop
  const ms = (value) => `${value.toFixed(3)} ms`;
  const signed = (value) => `${value >= 0 ? '+' : ''}${ms(value)}`;
  console.log(
    `Time per read per loop (${db.concurrency} loops): raw ${ms(perOp(db.raw))}, raw prepared ${ms(perOp(db.rawPrepared))}, ` +
      `raw with the door's statements ${ms(perOp(db.rawDoorProtocol))}, TypeORM find() in a transaction without CLS ${ms(perOp(db.typeormBare))}, ` +
      `TenantDatabase.readAs ${ms(perOp(db.typeorm))}`,
  );
  console.log(
    `  → preparing the raw statement: ${signed(perOp(db.rawPrepared) - perOp(db.raw))}; extra statements: ${signed(perOp(db.rawDoorProtocol) - perOp(db.raw))}; ` +
      `find() over raw pg with the door's statements: ${signed(perOp(db.typeormBare) - perOp(db.rawDoorProtocol))}; ` +
      `the door (fixed find, prepared statements) over raw pg: ${signed(perOp(db.typeorm) - perOp(db.raw))}`,
  );
}
