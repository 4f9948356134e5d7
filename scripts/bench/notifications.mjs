// Figures 9 and 10, the notifications' path:
//   9. commit to mail: citizens who chose e-mail submit applications at a steady rate
//      (open loop: one every 10 ms whether or not the previous answered); each submission's
//      transaction writes an outbox row, the api queues a Bull job after COMMIT, the worker
//      sends the mail over SMTP to the sandbox. Per application: the sandbox's receivedAt
//      minus the time the submission's answer arrived here (the commit happened before it).
//      p50, p95, p99 and how many arrived; target p95 < 1 s at 100 submissions/s. With the
//      stages (from the outbox and deliveries rows) and the queue's depth, to tell where the
//      time goes when it misses.
//  10. the no-op job rate: how many jobs a second one process completes on a Bull queue on
//      the bench's Redis (5,000 jobs added with addBulk, a processor that returns at once,
//      concurrency 16), beside the same items through a raw LPUSH/BRPOP loop.
// Imports bull, ioredis and pg: import this module only after ensureInstalled().
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import Bull from 'bull';
import { Redis } from 'ioredis';
import { LauncherError, log, sleep } from '../lib/proc.mjs';
import { requestJson } from './load.mjs';

export const TARGETS = {
  commitToMailP95Ms: 1000,
};

export const NOTIFICATION_SETTINGS = {
  rate: Number(process.env.BENCH_MAIL_RATE) || 100, // submissions per second, open loop
  seconds: Number(process.env.BENCH_MAIL_SECONDS) || 10, // measured
  warmupSeconds: 3, // at the same rate, unmeasured: the mail path is new to the JIT and nodemailer's pool opens
  settleTimeoutMs: 60_000, // at most this long after the last answer for the mail to arrive
  jobs: 5000, // figure 10: jobs per round
  jobConcurrency: 16, // figure 10: as the worker's DeliverEventJob
  jobRounds: 3, // figure 10: Bull and raw Redis in turn; the median of each
};

const CONTACT_PREFERENCES = '/api/v1/me/contact-preferences';
const NOTIFICATIONS_QUEUE = 'notifications';

// --- 9. Commit to mail ---------------------------------------------------------------------

/**
 * Figure 9. `citizens`: sessions (host, cookie, x-csrf-token) of the tenant `tenantId`;
 * each is given an e-mail address and the e-mail channel first.
 */
export async function measureCommitToMail({
  apiPort,
  sandboxBase,
  citizens,
  submission,
  ownerDb,
  tenantId,
  redisUrl,
  queuePrefix,
  meter,
  settings = NOTIFICATION_SETTINGS,
}) {
  const addresses = await chooseEmail(apiPort, citizens);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  try {
    // Figure 7's thousands of submissions queued as many jobs (inbox messages): wait for them.
    const backlog = await waitForEmptyQueue(redis, queuePrefix);
    if (backlog.waitedMs > 1000)
      log(`  waited ${(backlog.waitedMs / 1000).toFixed(1)} s for the notifications queue to empty`);

    log(`  warm-up: ${settings.warmupSeconds} s at ${settings.rate} submissions/s (unmeasured)`);
    const warm = await drive({
      apiPort,
      agent,
      citizens,
      submission,
      rate: settings.rate,
      seconds: settings.warmupSeconds,
    });
    await waitForMail(sandboxBase, warm.ok.length, settings.settleTimeoutMs, 0);
    await waitForEmptyQueue(redis, queuePrefix);
    await clearMailbox(sandboxBase);

    log(`  ${settings.seconds} s at ${settings.rate} submissions/s, open loop`);
    const depth = sampleQueueDepth(redis, queuePrefix);
    await meter?.start();
    const run = await drive({ apiPort, agent, citizens, submission, rate: settings.rate, seconds: settings.seconds });
    const settled = await waitForMail(sandboxBase, run.ok.length, settings.settleTimeoutMs, run.lastAnswerAt);
    await meter?.stop(run.ok.length);
    const queueDepth = await depth.stop();

    const mails = await readMailbox(sandboxBase, addresses);
    const received = new Map(); // reference → earliest receivedAt (ms since the epoch)
    let duplicates = 0;
    const wanted = new Map(run.ok.map((s) => [s.reference, s]));
    for (const mail of mails) {
      const reference = (mail.subject.match(/[A-Z0-9]+(?:-[A-Z0-9]+)+/g) ?? []).find((token) => wanted.has(token));
      if (!reference) continue;
      const at = Date.parse(mail.receivedAt);
      if (received.has(reference)) {
        duplicates += 1;
        received.set(reference, Math.min(received.get(reference), at));
      } else {
        received.set(reference, at);
      }
    }
    const delays = [];
    for (const [reference, at] of received) delays.push(at - wanted.get(reference).answeredAt);
    const stages = await stagesOf(ownerDb, tenantId, run.ok, received, run.startedAt);
    return {
      rate: settings.rate,
      seconds: settings.seconds,
      submitted: run.started,
      answered201: run.ok.length,
      refused: run.refused,
      errors: run.errors,
      offeredRate: run.started / run.spanSeconds,
      lateStartMsMax: run.lateStartMsMax,
      submitLatency: percentiles(run.ok.map((s) => s.ms)),
      received: received.size,
      duplicates,
      mailboxTotal: settled.total,
      settleMs: settled.afterLastAnswerMs,
      ...percentiles(delays),
      min: delays.length ? Math.min(...delays) : null,
      max: delays.length ? Math.max(...delays) : null,
      stages,
      queueDepth,
      cpuMsPerMail: meter?.perUnit() ?? null,
      othersShare: meter?.othersShare() ?? null,
      sessions: citizens.length,
      addresses: [...new Set(addresses)].length,
    };
  } finally {
    agent.destroy();
    redis.disconnect();
  }
}

/** PUT each session's contact preferences: an address of its own and the e-mail channel. */
async function chooseEmail(apiPort, citizens) {
  const addresses = [];
  for (const [i, session] of citizens.entries()) {
    const { host, ...headers } = session;
    const email = `bench-citizen-${i}@example.eu`;
    const { status, body } = await requestJson({
      port: apiPort,
      method: 'PUT',
      path: CONTACT_PREFERENCES,
      host,
      headers,
      body: { email, channels: ['email'] },
    });
    if (status !== 200 || body?.email !== email) {
      throw new LauncherError(`PUT ${CONTACT_PREFERENCES} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
    }
    addresses.push(email);
  }
  return addresses;
}

/**
 * Starts a submission every 1000/rate ms for `seconds`, not waiting for answers, the
 * sessions in turn; resolves when every one has answered. Each kept: its reference, when its
 * answer arrived (Date.now(), as the sandbox stamps receivedAt) and its latency.
 */
async function drive({ apiPort, agent, citizens, submission, rate, seconds }) {
  const count = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const ok = [];
  const refused = {};
  let errors = 0;
  let lastAnswerAt = 0;
  let lateStartMsMax = 0;
  const pending = [];
  const began = performance.now();
  for (let i = 0; i < count; i++) {
    const due = began + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    lateStartMsMax = Math.max(lateStartMsMax, performance.now() - due);
    const { host, ...headers } = citizens[i % citizens.length];
    const startedAt = Date.now();
    pending.push(
      requestJson({
        port: apiPort,
        method: 'POST',
        path: '/api/v1/applications',
        host,
        headers,
        body: submission,
        agent,
      }).then(
        ({ status, body, ms }) => {
          const answeredAt = Date.now();
          lastAnswerAt = Math.max(lastAnswerAt, answeredAt);
          if (status === 201 && body?.reference) ok.push({ reference: body.reference, startedAt, answeredAt, ms });
          else refused[status] = (refused[status] ?? 0) + 1;
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  const spanSeconds = (performance.now() - began) / 1000 + interval / 1000;
  const startedAt = Date.now() - spanSeconds * 1000;
  await Promise.all(pending);
  return { started: count, ok, refused, errors, lastAnswerAt, lateStartMsMax, spanSeconds, startedAt };
}

/** Until the notifications queue has nothing waiting or active (at most two minutes). */
async function waitForEmptyQueue(redis, prefix) {
  const started = Date.now();
  for (;;) {
    const { wait, active, delayed } = await queueDepthNow(redis, prefix);
    if (wait + active === 0) return { waitedMs: Date.now() - started, delayed };
    if (Date.now() - started > 120_000) {
      throw new LauncherError(
        `the notifications queue still has ${wait} waiting and ${active} active jobs after 2 minutes`,
      );
    }
    await sleep(200);
  }
}

async function queueDepthNow(redis, prefix) {
  const key = (name) => `${prefix}:${NOTIFICATIONS_QUEUE}:${name}`;
  const [[, wait], [, active], [, delayed]] = await redis
    .multi()
    .llen(key('wait'))
    .llen(key('active'))
    .zcard(key('delayed'))
    .exec();
  return { wait, active, delayed };
}

/** Samples the queue's depth every 50 ms; stop() returns the largest seen and the mean. */
function sampleQueueDepth(redis, prefix) {
  const samples = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await queueDepthNow(redis, prefix).catch(() => ({ wait: NaN, active: NaN, delayed: NaN })));
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const of = (name) => samples.map((s) => s[name]).filter(Number.isFinite);
      const max = (list) => (list.length ? Math.max(...list) : null);
      const mean = (list) => (list.length ? list.reduce((a, b) => a + b, 0) / list.length : null);
      return {
        samples: samples.length,
        waitMax: max(of('wait')),
        waitMean: mean(of('wait')),
        activeMax: max(of('active')),
        activeMean: mean(of('active')),
        delayedMax: max(of('delayed')),
      };
    },
  };
}

function sandboxJson(sandboxBase, path, method = 'GET') {
  const { port } = new URL(sandboxBase);
  return requestJson({ port: Number(port), method, path }).then(({ status, body }) => {
    if (status >= 300) throw new LauncherError(`${method} ${path} at the sandbox answered ${status}`);
    return body;
  });
}

function clearMailbox(sandboxBase) {
  return sandboxJson(sandboxBase, '/mail/v1/messages', 'DELETE');
}

/**
 * Until the mailbox holds `expected` messages, or none arrived for 10 s, or `timeoutMs`
 * passed. Returns the total and how long after `since` (Date.now() ms) the wait ended.
 */
async function waitForMail(sandboxBase, expected, timeoutMs, since) {
  const started = Date.now();
  let last = -1;
  let lastChangeAt = Date.now();
  for (;;) {
    const { total } = await sandboxJson(sandboxBase, '/mail/v1/stats');
    if (total !== last) [last, lastChangeAt] = [total, Date.now()];
    const now = Date.now();
    if (total >= expected || now - lastChangeAt > 10_000 || now - started > timeoutMs) {
      return { total, afterLastAnswerMs: since ? now - since : null };
    }
    await sleep(100);
  }
}

/** Every message to these addresses (the API lists at most 1,000 per query, newest first). */
async function readMailbox(sandboxBase, addresses) {
  const messages = [];
  for (const address of new Set(addresses)) {
    const { total, messages: page } = await sandboxJson(
      sandboxBase,
      `/mail/v1/messages?limit=1000&to=${encodeURIComponent(address)}`,
    );
    if (total > page.length) log(`  warning: ${total} messages to ${address}, only the newest ${page.length} read`);
    messages.push(...page);
  }
  return messages;
}

/**
 * Where the time went, per application, from the rows the transactions wrote (PostgreSQL's
 * now() is a transaction's start, on the same clock): the submission's transaction began
 * (outbox.created_at), the answer arrived here, the delivery job's first transaction began
 * (deliveries.created_at: the job had left the queue and looked the tenant up), the sandbox
 * received the mail, the job recorded it sent (deliveries.sent_at: right after SMTP's OK).
 */
async function stagesOf(ownerDb, tenantId, submissions, received, runStartedAt) {
  const client = await ownerDb.connect();
  let rows;
  try {
    await client.query('begin');
    await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    ({ rows } = await client.query(
      `select o.payload->>'reference' as reference,
              extract(epoch from o.created_at) * 1000 as outbox_ms,
              extract(epoch from d.created_at) * 1000 as planned_ms,
              extract(epoch from d.sent_at) * 1000 as sent_ms,
              extract(epoch from o.processed_at) * 1000 as processed_ms,
              d.attempts
         from outbox o
         join deliveries d on d.tenant_id = o.tenant_id and d.outbox_id = o.id and d.channel = 'email'
        where o.payload->>'reference' = any($1::text[]) and o.event = 'application.submitted'`,
      [submissions.map((s) => s.reference)],
    ));
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  const byReference = new Map(submissions.map((s) => [s.reference, s]));
  const lists = { txStartToAnswer: [], answerToJobStart: [], jobStartToReceived: [], receivedToRecordedSent: [] };
  let retried = 0;
  // Per second of the run: how many submissions started, answered, delivery jobs began, mails arrived.
  const timeline = [];
  const tick = (at, column) => {
    const second = Math.floor((at - runStartedAt) / 1000);
    if (second < 0 || second > 300) return;
    while (timeline.length <= second) timeline.push({ started: 0, answered: 0, jobStarted: 0, received: 0 });
    timeline[second][column] += 1;
  };
  for (const s of submissions) {
    tick(s.startedAt, 'started');
    tick(s.answeredAt, 'answered');
  }
  for (const at of received.values()) tick(at, 'received');
  for (const row of rows) {
    const s = byReference.get(row.reference);
    const receivedAt = received.get(row.reference);
    if (!s) continue;
    if (row.planned_ms !== null) tick(Number(row.planned_ms), 'jobStarted');
    if (row.attempts > 1) retried += 1;
    lists.txStartToAnswer.push(s.answeredAt - Number(row.outbox_ms));
    if (row.planned_ms !== null) lists.answerToJobStart.push(Number(row.planned_ms) - s.answeredAt);
    if (receivedAt !== undefined && row.planned_ms !== null) {
      lists.jobStartToReceived.push(receivedAt - Number(row.planned_ms));
    }
    if (receivedAt !== undefined && row.sent_ms !== null)
      lists.receivedToRecordedSent.push(Number(row.sent_ms) - receivedAt);
  }
  return {
    rows: rows.length,
    retried,
    timeline,
    ...Object.fromEntries(Object.entries(lists).map(([name, list]) => [name, percentiles(list)])),
  };
}

// --- 10. No-op jobs --------------------------------------------------------------------------

/**
 * Figure 10, in this process (nothing else runs in it meanwhile): rounds of `jobs` items,
 * Bull and raw Redis in turn; the median round of each.
 */
export async function measureNoopJobs({ redisUrl, queuePrefix, settings = NOTIFICATION_SETTINGS }) {
  const queue = new Bull('bench-noop', redisUrl, { prefix: queuePrefix });
  const listKey = `${queuePrefix}:bench-noop-raw`;
  try {
    await queue.isReady();
    // Warm-up: Bull loads its Lua scripts, the JIT sees both loops.
    await bullRound(queue, 500, settings.jobConcurrency);
    await rawRound(redisUrl, listKey, 500, settings.jobConcurrency);
    const bull = [];
    const raw = [];
    for (let round = 0; round < settings.jobRounds; round++) {
      bull.push(await bullRound(queue, settings.jobs, settings.jobConcurrency));
      raw.push(await rawRound(redisUrl, listKey, settings.jobs, settings.jobConcurrency));
    }
    const median = (list) => [...list].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(list.length / 2)];
    return {
      jobs: settings.jobs,
      concurrency: settings.jobConcurrency,
      rounds: settings.jobRounds,
      bull: { ...median(bull), all: bull.map((r) => Math.round(r.perSecond)) },
      raw: { ...median(raw), all: raw.map((r) => Math.round(r.perSecond)) },
    };
  } finally {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close().catch(() => {});
  }
}

const noopProcessors = new WeakMap();

/**
 * `count` no-op jobs added at once with addBulk (removed on completion, as the app's), then
 * processed: from the first completion to the last. The processor is registered once per
 * queue and paused between rounds, so the jobs are all waiting when it starts.
 */
async function bullRound(queue, count, concurrency) {
  let state = noopProcessors.get(queue);
  if (!state) {
    state = { onCompleted: null };
    noopProcessors.set(queue, state);
    queue.on('completed', () => state.onCompleted?.());
    queue.process(concurrency, async () => 'ok');
    await sleep(50);
  }
  await queue.pause(true, true);
  const addStarted = performance.now();
  for (let i = 0; i < count; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, count - i) }, () => ({ data: {}, opts: { removeOnComplete: true } })),
    );
  }
  const addMs = performance.now() - addStarted;
  let done = 0;
  let first = 0;
  let last = 0;
  const cpuBefore = process.cpuUsage();
  const finished = new Promise((resolve) => {
    state.onCompleted = () => {
      const now = performance.now();
      if (done === 0) first = now;
      last = now;
      done += 1;
      if (done === count) resolve();
    };
  });
  const started = performance.now();
  await queue.resume(true);
  await withTimeout(finished, 120_000, () => `only ${done} of ${count} no-op jobs completed in 2 minutes`);
  state.onCompleted = null;
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (last - first) / 1000;
  return {
    perSecond: (count - 1) / seconds,
    seconds,
    fromResumeSeconds: (last - started) / 1000,
    addPerSecond: count / (addMs / 1000),
    cpuMsPerJob: (cpu.user + cpu.system) / 1000 / count,
  };
}

/**
 * The same items through Redis alone: LPUSH in pipelines, then `concurrency` consumers on a
 * connection each, BRPOP in a loop: from the first pop to the last.
 */
async function rawRound(redisUrl, key, count, concurrency) {
  const producer = new Redis(redisUrl);
  const consumers = Array.from({ length: concurrency }, () => new Redis(redisUrl));
  for (const client of [producer, ...consumers]) client.on('error', () => {});
  try {
    await Promise.all([producer, ...consumers].map((client) => client.ping()));
    await producer.del(key);
    for (let i = 0; i < count; i += 1000) {
      const pipeline = producer.pipeline();
      for (let j = i; j < Math.min(count, i + 1000); j++) pipeline.lpush(key, `{"id":${j}}`);
      await pipeline.exec();
    }
    let done = 0;
    let first = 0;
    let last = 0;
    const cpuBefore = process.cpuUsage();
    await Promise.all(
      consumers.map(async (client) => {
        while (done < count) {
          const popped = await client.brpop(key, 0.2);
          if (!popped) continue;
          JSON.parse(popped[1]);
          const now = performance.now();
          if (done === 0) first = now;
          last = now;
          done += 1;
        }
      }),
    );
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (last - first) / 1000;
    return { perSecond: (count - 1) / seconds, seconds, cpuMsPerJob: (cpu.user + cpu.system) / 1000 / count };
  } finally {
    await producer.del(key).catch(() => {});
    for (const client of [producer, ...consumers]) client.disconnect();
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new LauncherError(message())), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// --- Report ------------------------------------------------------------------------------------

/** p50, p95, p99 (nearest rank) and the count of a list of ms. */
export function percentiles(list) {
  const sorted = Float64Array.from(list).sort();
  const at = (q) =>
    sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: sorted.length };
}

/** The table's rows of figures 9 and 10 (the shape of report.mjs's rows). */
export function notificationRows(f) {
  const rows = [];
  const mail = f.commitToMail;
  if (mail) {
    const all = mail.received === mail.answered201 && mail.answered201 === mail.submitted;
    const pass = [];
    if (!(mail.p95 !== null && mail.p95 < TARGETS.commitToMailP95Ms)) pass.push('p95');
    if (!all) pass.push('not all received');
    rows.push({
      key: 'commitToMail',
      label: `9 commit → mail received, ${mail.rate}/s`,
      rate: mail.received / mail.seconds,
      unit: 'mails/s',
      p50: mail.p50,
      p99: mail.p99,
      others: mail.othersShare ?? null,
      ratio: `p95 ${mail.p95 === null ? '?' : Math.round(mail.p95)} ms, ${mail.received}/${mail.submitted} received`,
      target: `p95 < ${TARGETS.commitToMailP95Ms} ms, all received`,
      pass: pass.length === 0 ? true : pass,
    });
  }
  const jobs = f.noopJobs;
  if (jobs) {
    rows.push({
      key: 'noopJobsRaw',
      label: `10 raw Redis LPUSH/BRPOP, ${jobs.concurrency} consumers`,
      rate: jobs.raw.perSecond,
      unit: 'items/s',
      p50: null,
      p99: null,
      others: null,
      ratio: '',
      target: 'baseline',
      pass: null,
    });
    rows.push({
      key: 'noopJobs',
      label: `10 Bull no-op jobs, 1 process, concurrency ${jobs.concurrency}`,
      rate: jobs.bull.perSecond,
      unit: 'jobs/s',
      p50: null,
      p99: null,
      others: null,
      ratio: `${(jobs.bull.perSecond / jobs.raw.perSecond).toFixed(2)}x raw Redis`,
      target: 'informational',
      pass: null,
    });
  }
  return rows;
}

/** The stages and diagnostics of figures 9 and 10, as lines of text. */
export function formatNotificationFindings(f) {
  const lines = [];
  const ms = (value) => (value === null || value === undefined ? '?' : `${Math.round(value)}`);
  const trio = (p) => `p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, p99 ${ms(p.p99)} ms`;
  const mail = f.commitToMail;
  if (mail) {
    lines.push(
      `Commit to mail at ${mail.rate} submissions/s for ${mail.seconds} s (offered ${mail.offeredRate.toFixed(1)}/s, latest start ${mail.lateStartMsMax.toFixed(1)} ms behind schedule), ${mail.sessions} sessions, ${mail.addresses} addresses:`,
    );
    lines.push(
      `  ${mail.submitted} submitted, ${mail.answered201} answered 201${Object.keys(mail.refused).length ? `, refused ${JSON.stringify(mail.refused)}` : ''}${mail.errors ? `, ${mail.errors} errors` : ''}; ${mail.received} mails received (${mail.duplicates} duplicates; mailbox ${mail.mailboxTotal}), the last ${ms(mail.settleMs)} ms after the last answer`,
    );
    lines.push(`  answer → mail received: ${trio(mail)}, min ${ms(mail.min)}, max ${ms(mail.max)} ms`);
    lines.push(`  the submission's own latency: ${trio(mail.submitLatency)}`);
    const s = mail.stages;
    lines.push(`  stages (${s.rows} outbox rows with an e-mail delivery, ${s.retried} retried):`);
    lines.push(`    submission tx start → answer here:          ${trio(s.txStartToAnswer)}`);
    lines.push(
      `    answer → delivery job's first tx:           ${trio(s.answerToJobStart)}  (after-commit addBulk, the queue, tenant lookup)`,
    );
    lines.push(
      `    delivery job's first tx → sandbox received: ${trio(s.jobStartToReceived)}  (compose, plan, claim, SMTP)`,
    );
    lines.push(`    sandbox received → recorded sent:           ${trio(s.receivedToRecordedSent)}`);
    lines.push(
      `  per second of the run, started/answered/jobs begun/mails received: ${s.timeline.map((t) => `${t.started}/${t.answered}/${t.jobStarted}/${t.received}`).join(' ')}`,
    );
    const q = mail.queueDepth;
    lines.push(
      `  notifications queue during the run (${q.samples} samples): waiting max ${q.waitMax}, mean ${q.waitMean?.toFixed(1)}; active max ${q.activeMax}, mean ${q.activeMean?.toFixed(1)}; delayed (retries) max ${q.delayedMax}`,
    );
    if (mail.cpuMsPerMail) {
      const parts = Object.entries(mail.cpuMsPerMail).map(([key, value]) => `${key} ${value.toFixed(2)}`);
      lines.push(`  CPU ms per mail (submission included): ${parts.join(', ')}`);
    }
  }
  const jobs = f.noopJobs;
  if (jobs) {
    lines.push(
      `No-op jobs, ${jobs.jobs} per round, concurrency ${jobs.concurrency}, median of ${jobs.rounds}: Bull ${Math.round(jobs.bull.perSecond)} jobs/s (rounds ${jobs.bull.all.join(', ')}; ${jobs.bull.cpuMsPerJob.toFixed(3)} CPU ms per job in this process; addBulk ${Math.round(jobs.bull.addPerSecond)} jobs/s), raw LPUSH/BRPOP ${Math.round(jobs.raw.perSecond)} items/s (rounds ${jobs.raw.all.join(', ')}; ${jobs.raw.cpuMsPerJob.toFixed(3)} CPU ms per item)`,
    );
  }
  return lines;
}

// --- BENCH_ONLY=notifications --------------------------------------------------------------------

/**
 * Figures 9 and 10 alone: a fresh stack, the apps, the municipality of figures 7 and 8 and
 * its citizens, nothing else. Prints the table; writes no results file (latest.json stays the
 * last whole run's).
 */
export async function runOnly({ stack, operator, settings }) {
  const servers = await import('./servers.mjs');
  const cases = await import('./cases.mjs');
  const report = await import('./report.mjs');
  const { backendPids, cpuMeter } = await import('./cpu.mjs');
  const run = await cases.startCasesTenant({ stack, operator, citizenSessions: settings.citizenSessions });
  const figures = await measureNotifications({
    apps: run.apps,
    stack,
    ownerDb: run.ownerDb,
    superuserDb: run.superuserDb,
    tenantId: run.tenantId,
    citizens: run.citizens,
    submission: run.submission,
    queuePrefix: servers.QUEUE_PREFIX,
    database: servers.BENCH_DATABASE,
    backendPids,
    cpuMeter,
  });
  console.log('');
  for (const line of formatNotificationFindings(figures)) console.log(line);
  console.log('');
  for (const line of report.formatTable(notificationRows(figures))) console.log(line);
  console.log('');
  await run.close();
  return 0;
}

/** Figures 9 and 10 with what the bench has at hand; logs them as they come. */
export async function measureNotifications({
  apps,
  stack,
  ownerDb,
  superuserDb,
  tenantId,
  citizens,
  submission,
  queuePrefix,
  database,
  backendPids,
  cpuMeter,
}) {
  const figures = {};
  const s = NOTIFICATION_SETTINGS;
  log(`9 commit → mail received: ${s.rate} submissions/s for ${s.seconds} s, ${citizens.length} citizens' sessions`);
  figures.commitToMail = await measureCommitToMail({
    apiPort: apps.api.port,
    sandboxBase: apps.sandboxBase,
    citizens,
    submission,
    ownerDb,
    tenantId,
    redisUrl: stack.redisUrl,
    queuePrefix,
    meter: cpuMeter({
      api: async () => [apps.api.pid],
      worker: async () => [apps.worker.pid],
      sandbox: async () => [apps.sandbox.pid],
      postgres: backendPids(superuserDb, database, ['townhall-api', 'townhall-worker']),
      loadgen: 'self',
    }),
  });
  const mail = figures.commitToMail;
  log(
    `  ${mail.received}/${mail.submitted} mails; answer → received p50 ${Math.round(mail.p50)} ms, p95 ${Math.round(mail.p95)} ms, p99 ${Math.round(mail.p99)} ms`,
  );
  log(`10 no-op jobs: ${s.jobs} per round, concurrency ${s.jobConcurrency}, Bull and raw Redis in turn`);
  figures.noopJobs = await measureNoopJobs({ redisUrl: stack.redisUrl, queuePrefix });
  log(
    `  Bull ${Math.round(figures.noopJobs.bull.perSecond)} jobs/s, raw LPUSH/BRPOP ${Math.round(figures.noopJobs.raw.perSecond)} items/s`,
  );
  return figures;
}
