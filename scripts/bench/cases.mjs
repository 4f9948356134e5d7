// Figures 7 and 8 (applications and cases), at a municipality of their own that offers the
// project grant and logs people in at the sandbox's identity providers:
//   7. citizens submitting whole applications as JSON (POST /api/v1/applications), each
//      request a new application, the load spread over several citizens' sessions;
//   8. an official's work queue (GET /api/v1/office/cases) over a tenant with 100,000 cases
//      seeded in SQL, with the EXPLAIN of the queue's SQL as the app role under RLS.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { LauncherError, log, sleep } from '../lib/proc.mjs';
import { hiddenField, logIn } from './browser.mjs';
import { httpLoad, requestJson } from './load.mjs';
import * as servers from './servers.mjs';
import * as tenants from './tenants.mjs';

export const SERVICE = 'project-grant';
export const APPLICATIONS = '/api/v1/applications';
export const QUEUE = '/api/v1/office/cases';
const TEMPLATE = new URL(`../../libs/catalogue/service-templates/${SERVICE}/v1.yaml`, import.meta.url);

/**
 * For a run of one figure alone (BENCH_ONLY=submit, BENCH_ONLY=notifications): the apps started,
 * the cases municipality onboarded through the admin API and its citizens logged in. `close()`
 * ends the pools (the apps stop with the bench).
 */
export async function startCasesTenant({ stack, operator, citizenSessions: count }) {
  await servers.createOperator(stack, operator);
  const apps = await servers.startApps(stack);
  const appDb = servers.pool(stack.appUrl, { max: 1 });
  const ownerDb = servers.pool(stack.ownerUrl, { max: 1 });
  const superuserDb = servers.pool(stack.serverUrl, { max: 1 });
  const token = await tenants.login(apps.admin.port, operator.email, operator.password);
  const spec = tenants.casesTenantSpec('bench-cases', apps.sandboxBase, servers.BENCH_CLIENT_SECRETS);
  await tenants.postTenants({ adminPort: apps.admin.port, token, specs: [spec], concurrency: 1 });
  await tenants.waitUntilActive(appDb, 1);
  const [tenant] = (await appDb.query('select id from tenants where slug = $1', [spec.slug])).rows;
  const citizens = await citizenSessions(`${spec.slug}.localhost:${apps.api.port}`, count);
  return {
    apps,
    appDb,
    ownerDb,
    superuserDb,
    tenantId: tenant.id,
    citizens,
    submission: { service: SERVICE, answers: grantAnswers(), delivery: 'portal' },
    close: () => Promise.all([appDb, ownerDb, superuserDb].map((db) => db.end())),
  };
}

/**
 * Citizens of the sandbox's eID with a personal code, logged in in turn: the submission
 * limit is per person, so several people spread the load as real citizens would.
 */
const CITIZENS = [
  'mari-maasikas',
  'maarja-kask',
  'jaan-tamm',
  'peeter-saar',
  'aino-virtanen',
  'erik-johansson',
  'ivan-petrov',
  'elena-dimitrova',
];
/** The project grant asks for 'substantial'. */
const LEVEL = 'substantial';
const SET_TENANT_SQL = `select set_config('app.tenant_id', $1, true)`;

/**
 * The template's example application without its attachment (figure 7 is "no file"): 23
 * answers, among them two lists of objects.
 */
export function grantAnswers() {
  const { attachments: _files, ...answers } = YAML.parse(readFileSync(TEMPLATE, 'utf8')).example;
  return answers;
}

/**
 * `count` citizens' sessions at `host` (slug.localhost:port), personas in turn (the same one
 * twice is a second session), each with its CSRF token read from the portal's page as a
 * browser gets it. Returns autocannon header sets: Host, Cookie, X-CSRF-Token.
 */
export async function citizenSessions(host, count) {
  const sessions = [];
  for (let i = 0; i < count; i++) {
    const persona = CITIZENS[i % CITIZENS.length];
    const browser = await logIn(`http://${host}/auth/login`, { persona, level: LEVEL });
    const page = await browser.request(`http://${host}/applications`);
    const csrf = hiddenField(page.body, '_csrf');
    if (page.status !== 200 || !csrf) {
      throw new LauncherError(`GET /applications as ${persona} answered ${page.status} without a CSRF token`);
    }
    sessions.push({ host, cookie: browser.cookieHeader(host.split(':')[0]), 'x-csrf-token': csrf });
  }
  return sessions;
}

/** The official of figure 8 (tartu-owner, the tenant's owner) logged in at the office. */
export async function staffSession(host) {
  const browser = await logIn(`http://${host}/office/auth/login`, { persona: 'tartu-owner', level: LEVEL });
  return { host, cookie: browser.cookieHeader(host.split(':')[0]) };
}

/** One submission before the load, so a refusal is shown with its body rather than counted. */
export async function checkSubmission(port, session, body) {
  const { host, ...headers } = session;
  const { status, body: answer } = await requestJson({ port, method: 'POST', path: APPLICATIONS, host, headers, body });
  if (status !== 201 || !answer?.reference) {
    throw new LauncherError(`POST ${APPLICATIONS} answered ${status}: ${JSON.stringify(answer).slice(0, 500)}`);
  }
  return answer;
}

/**
 * Figure 7: the citizens' sessions POST whole applications (`submission`) for the load's
 * duration, after one checked submission; every 201 must be an application with a reference
 * of its own (counted afterwards, warm-up and check included).
 */
export async function measureSubmissions({ port, citizens, submission, load, meter, ownerDb, tenantId }) {
  log(`7 POST ${APPLICATIONS} (${SERVICE}), ${citizens.length} citizens' sessions`);
  await checkSubmission(port, citizens[0], submission);
  const measured = await httpLoad({
    port,
    path: APPLICATIONS,
    method: 'POST',
    body: JSON.stringify(submission),
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    headerSets: citizens,
    ...load,
    meter,
  });
  return { ...measured, sessions: citizens.length, kept: await countApplications(ownerDb, tenantId) };
}

/** The first page of the queue, so a refusal or an empty queue is shown before the load. */
export async function checkQueue(port, session, path, expectedRows) {
  const { host, ...headers } = session;
  const { status, body } = await requestJson({ port, path, host, headers });
  if (status !== 200 || !Array.isArray(body) || body.length !== expectedRows) {
    throw new LauncherError(
      `GET ${path} answered ${status} with ${Array.isArray(body) ? body.length : '?'} rows (expected ${expectedRows}): ${JSON.stringify(body).slice(0, 300)}`,
    );
  }
}

/** Runs `work(client)` in a transaction of one of `db`'s connections with app.tenant_id set (RLS). */
async function asTenant(db, tenantId, work) {
  const client = await db.connect();
  try {
    await client.query('begin');
    await client.query(SET_TENANT_SQL, [tenantId]);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The tenant's submitted applications and their distinct references, once the count settles
 * (requests in flight when autocannon stops still finish). As the owner: RLS is forced for it
 * too, so the tenant is set.
 */
export async function countApplications(ownerDb, tenantId) {
  const count = () =>
    asTenant(ownerDb, tenantId, async (client) => {
      const { rows } = await client.query(
        `select count(*)::int as n, count(distinct reference)::int as refs from applications where reference is not null`,
      );
      return rows[0];
    });
  let last = await count();
  for (let i = 0; i < 20; i++) {
    await sleep(500);
    const now = await count();
    if (now.n === last.n) return now;
    last = now;
  }
  return last;
}

/**
 * `count` submitted applications of the project grant in one INSERT … generate_series, as
 * the owner, spread as a municipality's register would be: 60% open (submitted, formal
 * check, assessment), 10% waiting for the applicant, 20% decided (granted, refused) and 10%
 * closed; deadlines from 30 days ago to 30 days ahead; the applicants are the citizens who
 * logged in for figure 7. The reminder and escalation marks are set as the worker would
 * have set them (a due date passed was escalated, one within a day was reminded of), and
 * decisions are under 25 days old (the refused ones close after 30): so the worker's
 * minutely sweep finds no backlog to act on while the queue is measured.
 */
export async function seedCases(ownerDb, tenantId, count, answers) {
  return asTenant(ownerDb, tenantId, async (client) => {
    const { rows: services } = await client.query(
      'select id, published_version from services where code = $1 and published_version is not null',
      [SERVICE],
    );
    const { rows: citizens } = await client.query('select id from citizens order by id');
    if (services.length !== 1 || citizens.length === 0) {
      throw new LauncherError(`seeding cases needs the ${SERVICE} service and a citizen of the tenant`);
    }
    const started = Date.now();
    const { rowCount } = await client.query(
      `insert into applications (tenant_id, service_id, service_version, service_code, reference, applicant_id,
         state, state_kind, answers, steps_done, delivery, locale, submitted_at, state_entered_at, state_due_at,
         decision_due_at, reminded_at, escalated_at)
       select $1, $2, $3, $4, 'BCH-2026-' || lpad(n::text, 6, '0'), ($5::uuid[])[1 + n % cardinality($5::uuid[])],
         s.state, s.kind, $6::jsonb, 4, 'portal', 'et',
         t.entered - interval '3 days', t.entered, t.due, t.entered + interval '39 days',
         case when t.due < now() + interval '1 day' then t.due - interval '1 day' end,
         case when t.due < now() then t.due end
       from generate_series(1, $7::int) as n
       cross join lateral (
         select (array['submitted', 'submitted', 'formal-check', 'formal-check', 'assessment', 'assessment',
                       'awaiting-information', 'granted', 'refused', 'completed'])[1 + n % 10] as state,
                (array['open', 'open', 'open', 'open', 'open', 'open',
                       'waiting-applicant', 'decided', 'decided', 'closed'])[1 + n % 10] as kind,
                -- A spread that does not follow n: 7919 is prime, 5,184,000 s are 60 days.
                (n::bigint * 7919) % 5184000 as spread
       ) as s
       cross join lateral (
         select case when s.kind in ('decided', 'closed') then null
                     else now() - interval '30 days' + s.spread * interval '1 second' end as due,
                case when s.kind in ('decided', 'closed') then now() - (s.spread % 2160000) * interval '1 second'
                     else now() - interval '40 days' + s.spread * interval '1 second' end as entered
       ) as t`,
      [
        tenantId,
        services[0].id,
        services[0].published_version,
        SERVICE,
        citizens.map((c) => c.id),
        JSON.stringify(answers),
        count,
      ],
    );
    return { rows: rowCount, seconds: (Date.now() - started) / 1000, applicants: citizens.length };
  });
}

/**
 * The queue's SQL: ApplicationsRepository.queue() without filters, the columns of a line
 * (not the answers), as TypeORM sends it but for the aliases.
 */
const QUEUE_SQL = `select a.tenant_id, a.id, a.service_id, a.service_version, a.service_code, a.reference, a.state,
    a.state_kind, a.assignee_id, a.department, a.submitted_at, a.state_due_at, a.decision_due_at, a.version
  from applications a
  where a.tenant_id = $1 and a.state_kind in ($2, $3, $4)
  order by a.state_due_at asc nulls last, a.id asc limit 50`;
const QUEUE_PARAMS = (tenantId) => [tenantId, 'open', 'waiting-applicant', 'waiting-payment'];

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the queue's SQL as the app role in a transaction that set
 * app.tenant_id, as the door does: with the values planned in (a custom plan), and as the
 * generic plan a prepared statement can switch to after five runs (ADR 0006: the apps'
 * connections prepare repeated statements).
 */
export async function explainQueue(appDb, tenantId) {
  const plan = (generic) =>
    asTenant(appDb, tenantId, async (client) => {
      if (generic) await client.query('set local plan_cache_mode = force_generic_plan');
      const { rows } = await client.query(`explain (analyze, buffers) ${QUEUE_SQL}`, QUEUE_PARAMS(tenantId));
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  const custom = await plan(false);
  const generic = await plan(true);
  return { sql: QUEUE_SQL, custom, generic, ...planFacts(custom) };
}

/** The scan and index the plan uses, whether it sorts and reads the whole tenant, its time. */
function planFacts(text) {
  const scan =
    /(Index Only Scan|Index Scan|Bitmap Heap Scan|Seq Scan)(?: Backward)?(?: using (\w+))? on applications/.exec(text);
  const bitmapIndex = /Bitmap Index Scan on (\w+)/.exec(text)?.[1];
  return {
    scan: scan?.[1] ?? null,
    index: scan?.[2] ?? bitmapIndex ?? null,
    sorts: /\bSort\b/.test(text) && !/Incremental Sort/.test(text),
    incrementalSort: /Incremental Sort/.test(text),
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN),
  };
}
