// Turns the measured figures into the table (with the targets and pass/fail), the JSON files
// in bench/results/, and the comparison with the previous run's latest.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/proc.mjs';

const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const LATEST = path.join(RESULTS_DIR, 'latest.json');

/** The targets the figures are judged by. */
export const TARGETS = {
  catalogueVsHello: 0.3, // catalogue rps >= 30% of hello-world rps
  catalogueP99Ms: 25,
  typeormOpsVsRaw: 0.7, // TypeORM ops/s >= 0.7x raw
  typeormP50VsRaw: 1.2, // TypeORM p50 <= 1.2x raw
  onboardingPerSecond: 20,
  manyTenantsLatency: 1.25, // 1,000-tenant p50 <= 1.25x the 10-tenant p50
  pageVsJson: 0.5, // the rendered catalogue page's rps >= 50% of the JSON catalogue's
  submitPerSecond: 300, // applications submitted per second (20 fields, no file)
  queueP99Ms: 50, // the work queue over 100,000 cases
};

/**
 * The table's rows. Each has a stable key (for comparing runs), a rate (req/s, ops/s or
 * tenants/s), latencies in ms, a ratio text, a target text and a verdict (true, false or
 * null when the row is informational).
 */
export function buildRows(f) {
  const rows = [];
  // Two decimals; two significant digits below 0.1 (a submission is a small fraction of a read).
  const x = (value) => `${value >= 0.1 ? value.toFixed(2) : value.toPrecision(2)}x`;

  rows.push({
    key: 'helloWorld',
    label: '1 hello-world (node:http)',
    ...rate(f.helloWorld.rps, 'req/s'),
    ...lat(f.helloWorld),
    ratio: '',
    target: 'baseline',
    pass: null,
  });

  const vsHello = f.catalogueOneHost.rps / f.helloWorld.rps;
  rows.push({
    key: 'catalogueOneHost',
    label: '2 GET /api/v1/services, 1 host',
    ...rate(f.catalogueOneHost.rps, 'req/s'),
    ...lat(f.catalogueOneHost),
    ratio: `${x(vsHello)} hello`,
    target: `>= ${x(TARGETS.catalogueVsHello)}, p99 < ${TARGETS.catalogueP99Ms} ms`,
    pass: verdict(
      [vsHello >= TARGETS.catalogueVsHello, 'rps'],
      [f.catalogueOneHost.p99 < TARGETS.catalogueP99Ms, 'p99'],
    ),
  });

  if (f.cataloguePage) {
    const vsJson = f.cataloguePage.rps / f.catalogueOneHost.rps;
    rows.push({
      key: 'cataloguePage',
      label: '6 GET / (rendered catalogue page)',
      ...rate(f.cataloguePage.rps, 'req/s'),
      ...lat(f.cataloguePage),
      ratio: `${x(vsJson)} JSON`,
      target: `>= ${x(TARGETS.pageVsJson)}`,
      pass: verdict([vsJson >= TARGETS.pageVsJson, 'rps']),
    });
  }

  const db = f.dbRead;
  const opsRatio = db.typeorm.ops / db.raw.ops;
  const p50Ratio = db.typeorm.p50 / db.raw.p50;
  rows.push({
    key: 'dbRaw',
    label: `3 ${db.rows} rows, raw pg (1 round trip)`,
    ...rate(db.raw.ops, 'ops/s'),
    ...lat(db.raw),
    ratio: '',
    target: 'baseline',
    pass: null,
  });
  rows.push({
    key: 'dbTypeorm',
    label: `3 ${db.rows} rows, TenantDatabase.readAs`,
    ...rate(db.typeorm.ops, 'ops/s'),
    ...lat(db.typeorm),
    ratio: `${x(opsRatio)} ops, ${x(p50Ratio)} p50`,
    target: `>= ${x(TARGETS.typeormOpsVsRaw)}, p50 <= ${x(TARGETS.typeormP50VsRaw)}`,
    pass: verdict([opsRatio >= TARGETS.typeormOpsVsRaw, 'ops'], [p50Ratio <= TARGETS.typeormP50VsRaw, 'p50']),
  });
  for (const [key, label] of [
    ['rawPrepared', '  diag: raw pg, prepared statement'],
    ['rawDoorProtocol', '  diag: raw pg, door protocol (pipelined)'],
    ['typeormBare', '  diag: TypeORM find() in a transaction'],
  ]) {
    if (!db[key]) continue; // results of runs before the variant existed
    rows.push({
      key: `db_${key}`,
      label,
      ...rate(db[key].ops, 'ops/s'),
      ...lat(db[key]),
      ratio: `${x(db[key].ops / db.raw.ops)} ops`,
      target: 'diagnostic',
      pass: null,
    });
  }
  const plan = db.explain;
  const scan = plan.nodes.find((node) => node.index) ?? plan.nodes.find((node) => /Scan/.test(node.type));
  rows.push({
    key: 'explain',
    label: '3 EXPLAIN of TypeORM SQL under RLS',
    rate: null,
    unit: '',
    p50: null,
    p99: null,
    others: null,
    ratio: `${scan ? `${scan.type}${scan.index ? ` ${scan.index}` : ''}` : '?'}`,
    target: 'Index Cond on tenant_id',
    pass: verdict([plan.indexCondOnTenant, 'no Index Cond'], [!plan.seqScan, 'Seq Scan']),
  });

  const ob = f.onboarding;
  rows.push({
    key: 'onboarding',
    label: `4 onboarding ${ob.tenants} tenants (POST p50/p99)`,
    ...rate(ob.tenantsPerSecond, 'tenants/s'),
    ...lat(ob.posts),
    others: ob.othersShare ?? null,
    ratio: `${ob.seconds.toFixed(1)} s to all active`,
    target: `>= ${TARGETS.onboardingPerSecond} tenants/s`,
    pass: verdict([ob.tenantsPerSecond >= TARGETS.onboardingPerSecond, 'rate']),
  });

  const few = f.catalogueFewTenants;
  const many = f.catalogueManyTenants;
  const manyP50 = many.p50 / few.p50;
  const manyP99 = many.p99 / few.p99;
  rows.push({
    key: 'catalogueFewTenants',
    label: `5 GET /api/v1/services, ${few.tenants} tenants`,
    ...rate(few.rps, 'req/s'),
    ...lat(few),
    ratio: '',
    target: 'baseline',
    pass: null,
  });
  rows.push({
    key: 'catalogueManyTenants',
    label: `5 GET /api/v1/services, ${many.tenants} tenants`,
    ...rate(many.rps, 'req/s'),
    ...lat(many),
    ratio: `${x(manyP50)} p50, ${x(manyP99)} p99`,
    target: `p50 <= ${x(TARGETS.manyTenantsLatency)}`,
    pass: verdict([manyP50 <= TARGETS.manyTenantsLatency, 'p50']),
  });

  const submit = f.submitApplication;
  if (submit) {
    rows.push({
      key: 'submitApplication',
      label: `7 POST /api/v1/applications, ${submit.sessions} sessions`,
      ...rate(submit.rps, 'applications/s'),
      ...lat(submit),
      ratio: `${x(submit.rps / f.catalogueOneHost.rps)} catalogue, ${submit.non2xx} non-2xx`,
      target: `>= ${TARGETS.submitPerSecond} applications/s, 0 non-2xx`,
      pass: verdict(
        [submit.rps >= TARGETS.submitPerSecond, 'rate'],
        [submit.non2xx === 0 && submit.errors === 0, 'non-2xx'],
      ),
    });
  }
  for (const [key, label] of [
    ['caseQueue', 'GET /api/v1/office/cases'],
    ['caseQueueOverdue', 'GET …/office/cases?due=overdue'],
  ]) {
    const queue = f[key];
    if (!queue) continue;
    rows.push({
      key,
      label: `8 ${label}, ${Math.round(queue.cases / 1000)}k cases`,
      ...rate(queue.rps, 'req/s'),
      ...lat(queue),
      ratio: `${x(queue.p99 / f.catalogueOneHost.p99)} catalogue p99, ${queue.non2xx} non-2xx`,
      target: `p99 < ${TARGETS.queueP99Ms} ms`,
      pass: verdict([queue.p99 < TARGETS.queueP99Ms, 'p99'], [queue.non2xx === 0 && queue.errors === 0, 'non-2xx']),
    });
  }
  const queuePlan = f.caseQueueExplain;
  if (queuePlan) {
    rows.push({
      key: 'caseQueueExplain',
      label: '8 EXPLAIN of the queue SQL under RLS',
      rate: null,
      unit: '',
      p50: null,
      p99: null,
      others: null,
      ratio: `${queuePlan.scan ?? '?'}${queuePlan.index ? ` ${queuePlan.index}` : ''}${queuePlan.sorts ? ', full Sort' : ''}, ${queuePlan.executionMs} ms`,
      target: 'informational',
      pass: null,
    });
  }
  return rows;
}

function rate(value, unit) {
  return { rate: value, unit };
}

/** Latencies, and the share of the cores other processes used while it was measured. */
function lat(figure) {
  return { p50: figure.p50, p99: figure.p99, others: figure.othersShare ?? null };
}

/** true, or the names of the checks that failed. */
function verdict(...checks) {
  const failed = checks.filter(([ok]) => !ok).map(([, name]) => name);
  return failed.length === 0 ? true : failed;
}

export function passText(pass) {
  if (pass === null) return '';
  return pass === true ? 'pass' : `FAIL (${pass.join(', ')})`;
}

/** The table, as lines of text. "others": share of the cores other processes used meanwhile. */
export function formatTable(rows) {
  const header = ['figure', 'rate', 'p50 ms', 'p99 ms', 'others', 'ratio', 'target', 'result'];
  const body = rows.map((row) => [
    row.label,
    row.rate === null ? '' : `${formatRate(row.rate)} ${row.unit}`,
    formatMs(row.p50),
    formatMs(row.p99),
    row.others === null || row.others === undefined ? '' : `${Math.round(row.others * 100)}%`,
    row.ratio,
    row.target,
    passText(row.pass),
  ]);
  const widths = header.map((_, i) => Math.max(header[i].length, ...body.map((cells) => cells[i].length)));
  const right = new Set([1, 2, 3, 4]);
  const line = (cells) =>
    cells.map((cell, i) => (right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

function formatRate(value) {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

function formatMs(value) {
  return value === null || value === undefined ? '' : value.toFixed(2);
}

/** The previous run's results (bench/results/latest.json), if any. */
export function readPrevious() {
  if (!existsSync(LATEST)) return null;
  try {
    return JSON.parse(readFileSync(LATEST, 'utf8'));
  } catch {
    return null;
  }
}

/** Writes bench/results/<timestamp>.json and latest.json; returns the first's path. */
export function writeResults(results) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${results.timestamp.replace(/:/g, '-')}.json`);
  const text = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(LATEST, text);
  return path.relative(ROOT, file);
}

/** Lines comparing this run's rows with the previous run's (same keys). */
export function formatComparison(previous, rows) {
  const before = new Map((previous.rows ?? []).map((row) => [row.key, row]));
  const lines = [];
  const change = (now, then, format) => {
    if (typeof now !== 'number' || typeof then !== 'number' || then === 0) return '';
    const percent = ((now - then) / then) * 100;
    return `${format(then)} → ${format(now)} (${percent >= 0 ? '+' : ''}${percent.toFixed(0)}%)`;
  };
  for (const row of rows) {
    const old = before.get(row.key);
    if (!old || row.rate === null) continue;
    const parts = [
      [row.unit, change(row.rate, old.rate, formatRate)],
      ['p50', change(row.p50, old.p50, formatMs)],
      ['p99', change(row.p99, old.p99, formatMs)],
    ].filter(([, text]) => text);
    const verdictChange =
      passText(old.pass) !== passText(row.pass) ? `  [${passText(old.pass) || '-'} → ${passText(row.pass)}]` : '';
    lines.push(`${row.label.trim()}: ${parts.map(([name, text]) => `${name} ${text}`).join(', ')}${verdictChange}`);
  }
  return lines;
}

/**
 * CPU milliseconds per request (or read, or tenant) by process, and the throughput that CPU
 * allows on this machine's cores: a view of the same runs that other load distorts less.
 */
export function formatCpu(f, cores) {
  const lines = [`CPU ms per unit by process (/proc and process.cpuUsage), and what it allows on ${cores} cores:`];
  const add = (label, cpu, serverKeys, unit) => {
    if (!cpu) return null;
    const serverMs = serverKeys.reduce((sum, key) => sum + (cpu[key] ?? 0), 0);
    const parts = Object.entries(cpu).map(([key, ms]) => `${key} ${ms.toFixed(3)}`);
    lines.push(
      `  ${label}: ${parts.join(', ')} → ≤ ${formatRate((cores * 1000) / serverMs)} ${unit} (${serverKeys.join(' + ')})`,
    );
    return serverMs;
  };
  const hello = add('hello-world', f.helloWorld?.cpuMsPerRequest, ['server'], 'req/s');
  const one = add('catalogue, 1 host', f.catalogueOneHost?.cpuMsPerRequest, ['server', 'postgres'], 'req/s');
  const few = add(
    `catalogue, ${f.catalogueFewTenants?.tenants} tenants`,
    f.catalogueFewTenants?.cpuMsPerRequest,
    ['server', 'postgres'],
    'req/s',
  );
  const many = add(
    `catalogue, ${f.catalogueManyTenants?.tenants} tenants`,
    f.catalogueManyTenants?.cpuMsPerRequest,
    ['server', 'postgres'],
    'req/s',
  );
  if (hello && one)
    lines.push(
      `    → by CPU, the catalogue read costs ${(one / hello).toFixed(1)}x a hello-world answer (capacity ratio ${(hello / one).toFixed(3)}x)`,
    );
  if (few && many) lines.push(`    → by CPU, 1,000+ tenants cost ${(many / few).toFixed(2)}x the 10-tenant read`);
  for (const [key, label] of [
    ['raw', 'db read, raw pg'],
    ['rawPrepared', 'db read, raw pg, prepared statement'],
    ['rawDoorProtocol', 'db read, raw pg with the door protocol (BEGIN/set_config/SELECT pipelined, COMMIT)'],
    ['typeormBare', 'db read, TypeORM find() in a transaction without CLS'],
    ['typeorm', 'db read, TenantDatabase.readAs'],
  ]) {
    if (f.dbRead?.[key]) add(label, f.dbRead[key].cpuMsPerOp, ['node', 'postgres'], 'ops/s');
  }
  if (f.submitApplication?.cpuMsPerRequest) {
    // The worker delivers what the submissions wrote meanwhile, on the same cores.
    add(
      'submit application',
      f.submitApplication.cpuMsPerRequest,
      ['server', 'postgres', 'worker', 'worker db'],
      'applications/s',
    );
  }
  if (f.caseQueue?.cpuMsPerRequest) add('work queue', f.caseQueue.cpuMsPerRequest, ['server', 'postgres'], 'req/s');
  if (f.caseQueueOverdue?.cpuMsPerRequest) {
    add('work queue, overdue', f.caseQueueOverdue.cpuMsPerRequest, ['server', 'postgres'], 'req/s');
  }
  if (f.onboarding?.cpuMsPerTenant) {
    add('onboarding', f.onboarding.cpuMsPerTenant, ['admin', 'worker', 'postgres'], 'tenants/s');
  }
  return lines;
}
