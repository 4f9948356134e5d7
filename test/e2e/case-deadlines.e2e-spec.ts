import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bull';
import type { INestApplication } from '@nestjs/common';
import { CaseDeadlineSweeper } from '@townhall/cases';
import { QueueName } from '@townhall/platform';
import type { Queue } from 'bull';
import { applyForFellingPermit } from '../support/applications.js';
import { seedTenants, startApi, startWorker, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Deadlines of cases as delayed Bull jobs: queued when a case enters a state, kept by Redis
 * while no worker runs, acted on once. The clock is moved by moving the case back in time
 * (its entry into the state and its deadline), as if the days had passed.
 */
describe('case deadlines: reminders, escalations and timed steps', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let worker: INestApplication | undefined;
  let env: Record<string, string>;
  let origin: string;
  let id: string;
  let owner: { browser: HttpBrowser; csrf: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        staff: [{ email: 'owner@tartu.example.eu', name: 'Otto Owner', role: 'owner' }],
        services: [{ template: 'felling-permit' }],
      } as never),
    ]);
    api = await startApi(env);
    origin = `http://tartu.localhost:${(api.getHttpServer().address() as AddressInfo).port}`;
    worker = await startWorker(env);
    const mari = new HttpBrowser();
    const login = await pickPersona(mari, `${origin}/auth/login`, { persona: 'mari-maasikas', level: 'substantial' });
    await mari.request(login.callback);
    id = await applyForFellingPermit(mari, origin);
    const staff = new HttpBrowser();
    const officeLogin = await pickPersona(staff, `${origin}/office/auth/login`, {
      persona: 'tartu-owner',
      level: 'substantial',
    });
    await staff.request(officeLogin.callback);
    owner = { browser: staff, csrf: hiddenField((await staff.request(`${origin}/office/cases`)).body, '_csrf')! };
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  const queueOf = (app: INestApplication) => app.get<Queue>(getQueueToken(QueueName.Cases));
  const events = async (kind: string) =>
    db.query<{ to_state: string | null }>(
      `select to_state from application_events where application_id = $1 and kind = $2 order by occurred_at`,
      [id, kind],
    );
  const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > end) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const transition = async (name: string, text?: string) => {
    const [{ version }] = await db.query<{ version: number }>(`select version from applications where id = $1`, [id]);
    const answer = await owner.browser.request(`${origin}/api/v1/office/cases/${id}/transitions`, {
      json: { transition: name, version, text },
      headers: { Accept: 'application/json', 'X-CSRF-Token': owner.csrf },
    });
    expect(answer.status).toBe(200);
  };

  it('queues the reminder and the escalation of a submitted case as delayed jobs, and notes when the first is due', async () => {
    const [{ next, due }] = await db.query<{ next: Date; due: Date }>(
      `select next_timed_at as next, state_due_at as due from applications where id = $1`,
      [id],
    );
    expect(due.getTime() - next.getTime()).toBe(24 * 60 * 60 * 1000);
    const delayed = await queueOf(worker!).getDelayed();
    const mine = delayed.filter((j) => String(j.id).startsWith(id)).map((j) => String(j.id).split(':').pop());
    expect(mine.sort()).toEqual(['escalate', 'remind']);
  });

  it('reminds and escalates once the deadline passes, once however often it is swept', async () => {
    // Five days later: the three working days of "submitted" are over.
    await db.query(
      `update applications set state_entered_at = now() - interval '5 days', state_due_at = now() - interval '1 hour',
              next_timed_at = now() - interval '1 day 1 hour' where id = $1`,
      [id],
    );
    await worker!.get(CaseDeadlineSweeper).sweep();
    const escalated = await until(
      () => events('escalated'),
      (rows) => rows.length > 0,
    );
    expect(escalated).toEqual([{ to_state: 'submitted' }]);
    await until(
      () => events('reminder'),
      (rows) => rows.length > 0,
    );
    // Acted on: the sweep finds nothing more to do for it (a decided case is not swept every minute either).
    const [{ next }] = await db.query<{ next: Date | null }>(
      `select next_timed_at as next from applications where id = $1`,
      [id],
    );
    expect(next).toBeNull();
    await worker!.get(CaseDeadlineSweeper).sweep();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await events('reminder')).toHaveLength(1);
    expect(await events('escalated')).toHaveLength(1);
    // The office's queue marks it overdue.
    const queue = await owner.browser.request(`${origin}/office/cases?due=overdue&lang=en`);
    expect(queue.body).toContain('Overdue');
  });

  it('keeps a delayed escalation in Redis while no worker runs, and acts on it after the restart', async () => {
    await transition('start-review');
    // Nine days into the ten of "in review": the escalation is due in three seconds.
    await db.query(
      `update applications set state_entered_at = now() - interval '9 days', state_due_at = now() + interval '3 seconds',
              next_timed_at = now() - interval '1 day' where id = $1`,
      [id],
    );
    await worker!.get(CaseDeadlineSweeper).sweep();
    const delayed = await queueOf(worker!).getDelayed();
    expect(delayed.some((j) => String(j.id).startsWith(id) && String(j.id).endsWith(':escalate'))).toBe(true);
    await worker!.close();
    worker = undefined;
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await events('escalated')).toHaveLength(1); // only the first state's: nobody ran the new one
    worker = await startWorker(env);
    const escalated = await until(
      () => events('escalated'),
      (rows) => rows.length > 1,
    );
    expect(escalated.map((e) => e.to_state)).toEqual(['submitted', 'in-review']);
  });

  it("takes the template's timed automatic step: a decided case closes after 30 days", async () => {
    await transition('approve', 'The trees are diseased.');
    await db.query(
      `update applications set state_entered_at = now() - interval '31 days', next_timed_at = now() - interval '1 day'
        where id = $1`,
      [id],
    );
    await worker!.get(CaseDeadlineSweeper).sweep();
    const state = await until(
      async () => (await db.query<{ state: string }>(`select state from applications where id = $1`, [id]))[0].state,
      (s) => s === 'closed',
    );
    expect(state).toBe('closed');
    const closed = await db.query<{ actor_kind: string; transition: string }>(
      `select actor_kind, transition from application_events where application_id = $1 and to_state = 'closed'`,
      [id],
    );
    expect(closed).toEqual([{ actor_kind: 'system', transition: 'close' }]);
  });
});
