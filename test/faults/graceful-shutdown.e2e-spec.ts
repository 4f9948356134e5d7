import { Agent, request } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { QueueName } from '@townhall/platform';
import { CreateTenantUseCase, provisioningJobId } from '@townhall/tenancy';
import Bull from 'bull';
import pg from 'pg';
import { seedTenants, startAdmin, tenantSpec, testEnv } from '../support/apps.js';
import { REDIS_URL } from '../support/environment.js';
import {
  type AppProcess,
  exitWithin,
  freePort,
  httpGet,
  sleep,
  spawnApp,
  stopProcess,
  waitForHealth,
  waitUntil,
} from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const CLIENTS = 50;
const EXIT_WITHIN_MS = 10_000;

type Outcome =
  /** A whole response arrived. */
  | { kind: 'response'; status: number; municipality?: string; sentAt: number; endedAt: number; reused: boolean }
  /** No connection: the server had stopped listening. */
  | { kind: 'refused'; sentAt: number }
  /** The connection closed before any byte of a response (a reused keep-alive socket). */
  | { kind: 'closed-before-response'; code: string; sentAt: number; reused: boolean }
  /** The response had begun and was cut off: the failure this test is about. */
  | { kind: 'cut-mid-response'; code: string; sentAt: number }
  | { kind: 'other-error'; code: string; sentAt: number };

/** One GET on the client's keep-alive agent, classified by how it ended. */
function get(agent: Agent, port: number, path: string, host: string): Promise<Outcome> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: Outcome) => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    let responded = false;
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { host } }, (res) => {
      responded = true;
      const reused = req.reusedSocket;
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        let municipality: string | undefined;
        try {
          // A service's title ends with its municipality's slug (tenantSpec's customisation).
          municipality = (JSON.parse(body) as { title?: string }).title?.split(' ').at(-1);
        } catch {
          municipality = undefined;
        }
        done({ kind: 'response', status: res.statusCode ?? 0, municipality, sentAt, endedAt: Date.now(), reused });
      });
      res.on('aborted', () => done({ kind: 'cut-mid-response', code: 'aborted', sentAt }));
      res.on('error', (error: NodeJS.ErrnoException) =>
        done({ kind: 'cut-mid-response', code: error.code ?? error.message, sentAt }),
      );
      res.on('close', () => {
        if (!res.complete) done({ kind: 'cut-mid-response', code: 'incomplete', sentAt });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      if (responded) done({ kind: 'cut-mid-response', code, sentAt });
      else if (code === 'ECONNREFUSED') done({ kind: 'refused', sentAt });
      else if (code === 'ECONNRESET' || code === 'EPIPE' || error.message === 'socket hang up') {
        done({ kind: 'closed-before-response', code, sentAt, reused: req.reusedSocket });
      } else done({ kind: 'other-error', code, sentAt });
    });
    req.setTimeout(15_000, () => req.destroy(new Error('client timeout')));
    req.end();
  });
}

/**
 * SIGTERM is how every orchestrator stops a process. The api must stop accepting, let the
 * requests in hand finish (no 5xx, no connection cut mid-response), and exit 0 promptly even
 * with keep-alive clients that never pause; the worker must finish the job in hand (not
 * leave it to the stalled-job check of another worker) and exit 0.
 */
describe('faults: graceful shutdown on SIGTERM', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let admin: INestApplication | undefined;
  let api: AppProcess | undefined;
  let worker: AppProcess | undefined;
  let queue: Bull.Queue | undefined;
  let locker: pg.Client | undefined;
  let slowTenantId: string;
  const serviceOf: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    env = testEnv(db, { JOB_LOCK_MS: '2000' });
    await seedTenants(env, [tenantSpec('alpha'), tenantSpec('beta')]);
    admin = await startAdmin(env);
    // One service of each: reading one by id goes to the database every time (the list is cached).
    for (const row of await db.query<{ slug: string; id: string }>(
      `select distinct on (t.slug) t.slug, s.id from services s join tenants t on t.id = s.tenant_id order by t.slug, s.code`,
    )) {
      serviceOf[row.slug] = row.id;
    }
    // A tenant waiting for provisioning, its job queued (no worker runs yet).
    slowTenantId = (await admin.get(CreateTenantUseCase).execute(tenantSpec('slow'))).id;
    await admin.close();
    admin = undefined;
  });

  afterAll(async () => {
    await stopProcess(api);
    await stopProcess(worker);
    await admin?.close();
    await locker?.end().catch(() => undefined);
    if (queue) {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
    await db?.drop();
  });

  it('api: in-flight requests complete, new connections are refused, the process exits 0 within 10 s', async () => {
    const port = await freePort();
    api = spawnApp('api', { ...env, API_PORT: String(port) });
    await waitForHealth(api, port);

    const agents = Array.from({ length: CLIENTS }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
    const outcomes: Outcome[] = [];
    let pending = 0;
    let stop = false;
    const clients = agents.map(async (agent, i) => {
      const host = i % 2 === 0 ? 'alpha.localhost' : 'beta.localhost';
      while (!stop) {
        pending++;
        const outcome = await get(agent, port, `/api/v1/services/${serviceOf[host.split('.')[0]]}`, host);
        pending--;
        outcomes.push(outcome);
        if (outcome.kind === 'response' && outcome.municipality !== host.split('.')[0]) {
          outcomes.push({
            kind: 'other-error',
            code: `wrong municipality ${outcome.municipality}`,
            sentAt: outcome.sentAt,
          });
        }
        // Once the server is gone this client is done; before that it never pauses.
        if (outcome.kind !== 'response') break;
      }
    });

    try {
      // Under load: every client has had answers on its keep-alive connection.
      await waitUntil(
        '500 responses under load',
        () => outcomes.filter((o) => o.kind === 'response').length >= 500,
        20_000,
        20,
      );

      // Make the requests in hand slow: the catalogue's table is locked, so every client's
      // current request waits inside the api (on the lock, or for a pooled connection).
      locker = new pg.Client({ connectionString: db.superuserUrl });
      await locker.connect();
      await locker.query('begin');
      await locker.query('lock table services in access exclusive mode');
      // Settled: the api waits on the lock, every client has a request out, and no answer
      // has come for 300 ms (a response already on its way when the lock came has landed).
      let seen = -1;
      let quietSince = Date.now();
      await waitUntil(
        'the api waiting on the locked table with every client in hand',
        async () => {
          if (outcomes.length !== seen) [seen, quietSince] = [outcomes.length, Date.now()];
          const [{ n }] = await db.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and application_name = 'townhall-api' and wait_event_type = 'Lock'`,
          );
          return n > 0 && pending === CLIENTS && Date.now() - quietSince >= 300;
        },
        4000,
        20,
      );
      const answeredBeforeSigterm = outcomes.length;

      const sigtermAt = Date.now();
      api.child.kill('SIGTERM');
      // The api stops listening at once: a new connection is refused while it drains.
      await waitUntil(
        'new connections refused',
        () =>
          httpGet(port, '/health', {}, 500).then(
            () => false,
            (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
          ),
        3000,
        20,
      );
      // ...but it keeps the requests in hand: nothing answered or cut, the process still runs.
      expect(api.exit()).toBeNull();
      expect(outcomes.length).toBe(answeredBeforeSigterm);
      expect(pending).toBe(CLIENTS);

      const releasedAt = Date.now();
      await locker.query('rollback');
      const exit = await exitWithin(api, EXIT_WITHIN_MS + 2000);
      stop = true;
      await Promise.all(clients);

      expect(exit).not.toBeNull();
      expect({ code: exit!.code, signal: exit!.signal }).toEqual({ code: 0, signal: null });
      expect(exit!.at - sigtermAt).toBeLessThan(EXIT_WITHIN_MS);

      const responses = outcomes.filter((o): o is Extract<Outcome, { kind: 'response' }> => o.kind === 'response');
      // Every answer is a 2xx (of the right municipality); no connection was cut.
      const statuses: Record<number, number> = {};
      for (const r of responses) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      expect(statuses).toEqual({ 200: responses.length });
      expect(outcomes.filter((o) => o.kind !== 'response' && o.kind !== 'refused')).toEqual([]);
      // The request each client had in hand at SIGTERM was answered after the lock went.
      const inHand = responses.filter((r) => r.sentAt < sigtermAt);
      expect(inHand.filter((r) => r.endedAt >= releasedAt)).toHaveLength(CLIENTS);
      // Then each keep-alive connection was closed and the client's next try refused.
      expect(outcomes.filter((o) => o.kind === 'refused')).toHaveLength(CLIENTS);
      expect(api.stderr()).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    } finally {
      stop = true;
      for (const agent of agents) agent.destroy();
      await locker?.end().catch(() => undefined);
      locker = undefined;
    }
  });

  it('worker: the job in hand finishes (completed, not stalled), then the process exits 0 within 10 s', async () => {
    queue = new Bull(QueueName.Tenancy, REDIS_URL, { prefix: env.QUEUE_PREFIX });
    const jobId = provisioningJobId(slowTenantId);
    expect(await (await queue.getJob(jobId))!.getState()).toBe('waiting');

    // Hold the tenant's row: provisioning takes it `for update`, so the job blocks in hand.
    locker = new pg.Client({ connectionString: db.superuserUrl });
    await locker.connect();
    await locker.query('begin');
    await locker.query(`select id from tenants where id = $1 for update`, [slowTenantId]);

    const port = await freePort();
    worker = spawnApp('worker', { ...env, WORKER_PORT: String(port) });
    await waitForHealth(worker, port);
    await waitUntil(
      'the provisioning job is active',
      async () => (await (await queue!.getJob(jobId))!.getState()) === 'active',
      10_000,
    );
    await waitUntil(
      'the provisioning transaction waiting on the row lock',
      async () =>
        (
          await db.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and application_name = 'townhall-worker' and wait_event_type = 'Lock'`,
          )
        )[0].n === 1,
      10_000,
    );

    const sigtermAt = Date.now();
    worker.child.kill('SIGTERM');
    // Longer than the lock (2 s): Bull must keep renewing it while the process shuts down.
    await sleep(3000);
    expect(worker.exit()).toBeNull();
    expect(await (await queue.getJob(jobId))!.getState()).toBe('active');

    await locker.query('rollback');
    const exit = await exitWithin(worker, EXIT_WITHIN_MS);
    expect(exit).not.toBeNull();
    expect({ code: exit!.code, signal: exit!.signal }).toEqual({ code: 0, signal: null });
    expect(exit!.at - sigtermAt).toBeLessThan(EXIT_WITHIN_MS);

    const job = (await queue.getJob(jobId))!;
    expect({
      state: await job.getState(),
      returnvalue: job.returnvalue,
      failedReason: job.failedReason,
      attemptsMade: job.attemptsMade,
    }).toEqual({
      state: 'completed',
      returnvalue: 'provisioned',
      failedReason: undefined,
      attemptsMade: 0,
    });
    const stalled = await queue.client.hget(queue.toKey(jobId), 'stalledCounter');
    expect(Number(stalled ?? 0)).toBe(0);
    expect(await queue.getJobCounts()).toMatchObject({ active: 0, failed: 0, waiting: 0 });

    const [tenant] = await db.query<{ status: string; services: number }>(
      `select t.status, (select count(*)::int from services s where s.tenant_id = t.id) as services from tenants t where t.id = $1`,
      [slowTenantId],
    );
    expect(tenant).toEqual({ status: 'active', services: 2 });
    expect(worker.stderr()).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });
});
