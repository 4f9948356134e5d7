import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { INestApplication } from '@nestjs/common';
import { type components, createTownhallClient, type TownhallClient } from '@townhall/sdk';
import { applyForFellingPermit } from '../support/applications.js';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { localFetch } from '../support/local-fetch.js';
import { sleep } from '../support/processes.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A municipality's own systems call its JSON API with API keys its admins make in the office.
 * A key is shown once and kept hashed; it works at its own municipality's host only, for what
 * its scopes allow; revoked, it is refused from the next request on. The city system here is
 * the typed SDK (libs/sdk), as a real one would use it.
 */
describe('API keys for city systems', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let port: number;
  let admin: { browser: HttpBrowser; csrf: string };
  let tartuCase: string;
  let espooCase: string;
  /** The key made on the page: cases:read and decisions:read. */
  let readKey: { id: string; key: string; prefix: string };
  /** The key made over JSON: cases:read and cases:write. */
  let writeKey: { id: string; key: string; prefix: string };

  const at = (slug: string, path = '') => `http://${slug}.localhost:${port}${path}`;
  const sdk = (slug: string, apiKey: string): TownhallClient =>
    createTownhallClient(at(slug), { apiKey, fetch: localFetch });
  const keysPage = () => at('tartu', '/office/settings/api-keys');
  const json = (csrf: string) => ({ Accept: 'application/json', 'X-CSRF-Token': csrf });

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(started.base, 'tartu'),
        staff: [
          { email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' },
          { email: 'owner@tartu.example.eu', name: 'Otto Owner', role: 'owner' },
          { email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' },
        ],
      } as never),
      tenantSpec('espoo', { identityProvider: sandboxProviders(started.base, 'espoo') } as never),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    tartuCase = await applyForFellingPermit(await citizen('tartu'), at('tartu'));
    espooCase = await applyForFellingPermit(await citizen('espoo'), at('espoo'));
    admin = await official('tartu-admin');
  });

  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  async function citizen(slug: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at(slug, '/auth/login'), {
      persona: 'mari-maasikas',
      level: 'substantial',
    });
    expect((await browser.request(callback)).status).toBe(303);
    return browser;
  }

  async function official(persona: string): Promise<{ browser: HttpBrowser; csrf: string }> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at('tartu', '/office/auth/login'), {
      persona,
      level: 'substantial',
    });
    expect((await browser.request(callback)).status).toBe(303);
    const page = await browser.request(at('tartu', '/office'));
    return { browser, csrf: hiddenField(page.body, '_csrf')! };
  }

  const keyRows = () => db.query<Record<string, unknown>>(`select * from api_keys order by created_at`);

  it('lets an admin make a key on the office page, showing it once and keeping only its hash', async () => {
    const page = await admin.browser.request(keysPage());
    expect(page.status).toBe(200);
    expect(page.body).toContain('There are no API keys yet.');
    const made = await admin.browser.request(keysPage(), {
      form: { _csrf: admin.csrf, name: 'Document register', scopes: ['cases:read', 'decisions:read'] },
    });
    expect(made.status).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    const key = /id="created-key" type="text" value="(th_[a-z0-9]{8}_[A-Za-z0-9_-]{43})"/.exec(made.body)?.[1];
    expect(key).toBeDefined();
    const [row] = await keyRows();
    readKey = { id: String(row.id), key: key!, prefix: key!.slice(0, 11) };
    expect(row).toMatchObject({
      name: 'Document register',
      prefix: readKey.prefix,
      scopes: ['cases:read', 'decisions:read'],
      secret_hash: createHash('sha256').update(key!).digest('hex'),
      last_used_at: null,
      revoked_at: null,
    });
    // Nothing of the secret is kept, nor shown again.
    const secret = key!.slice(12);
    expect(JSON.stringify(row)).not.toContain(secret);
    const again = await admin.browser.request(keysPage());
    expect(again.body).toContain('Document register');
    expect(again.body).toContain(readKey.prefix);
    expect(again.body).toContain('cases:read, decisions:read');
    expect(again.body).not.toContain(secret);
    const listed = await admin.browser.request(at('tartu', '/api/v1/office/api-keys'), { headers: json(admin.csrf) });
    expect(listed.status).toBe(200);
    expect(listed.body).not.toContain(secret);
    expect(JSON.parse(listed.body)).toEqual([
      expect.objectContaining({ id: readKey.id, prefix: readKey.prefix, lastUsedAt: null, revokedAt: null }),
    ]);
    expect(JSON.parse(listed.body)[0]).not.toHaveProperty('key');
  });

  it("lets a city system list and read its municipality's cases with the SDK, as itself, noting the use", async () => {
    const townhall = sdk('tartu', readKey.key);
    const queue = await townhall.GET('/api/v1/office/cases');
    expect(queue.response.status).toBe(200);
    expect(queue.data!.map((c) => c.id)).toEqual([tartuCase]);
    expect(queue.data![0]).toMatchObject({ service: 'felling-permit', state: 'submitted', stateKind: 'open' });
    expect(queue.data!.map((c) => c.id)).not.toContain(espooCase);

    const opened = await townhall.GET('/api/v1/office/cases/{id}', { params: { path: { id: tartuCase } } });
    expect(opened.response.status).toBe(200);
    expect(opened.data).toMatchObject({ id: tartuCase, serviceCode: 'felling-permit', state: 'submitted' });
    expect(opened.data!.answers).toMatchObject({ cadastralCode: '79501:001:0001' });
    // A key acts as a system: a handler's steps are not among its own.
    expect(opened.data!.transitions).toEqual([]);
    // The applicant's data-access log names the system that read the case.
    const views = await db.query<{ actor_kind: string; actor_id: string; actor_name: string }>(
      `select actor_kind, actor_id, actor_name from data_access_log where application_id = $1`,
      [tartuCase],
    );
    expect(views).toEqual([
      { actor_kind: 'system', actor_id: readKey.id, actor_name: `Document register (API key ${readKey.prefix})` },
    ]);
    // Another municipality's case is missing here, as a missing one is.
    const foreign = await townhall.GET('/api/v1/office/cases/{id}', { params: { path: { id: espooCase } } });
    expect(foreign.response.status).toBe(404);

    const [row] = await keyRows();
    expect(row.last_used_at).toBeInstanceOf(Date);
    const page = await admin.browser.request(keysPage());
    expect(page.body).not.toMatch(/<td>never<\/td>/);
  });

  it("refuses the key at another municipality's host, a wrong secret and no key, with 401 and a Bearer challenge", async () => {
    const elsewhere = await sdk('espoo', readKey.key).GET('/api/v1/office/cases');
    expect(elsewhere.response.status).toBe(401);
    expect(elsewhere.response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(elsewhere.error).toMatchObject({ status: 401, detail: 'This API key is not valid here.' });
    const theirCase = await sdk('espoo', readKey.key).GET('/api/v1/office/cases/{id}', {
      params: { path: { id: tartuCase } },
    });
    expect(theirCase.response.status).toBe(401);

    const forged = `${readKey.prefix}_${'A'.repeat(43)}`;
    expect((await sdk('tartu', forged).GET('/api/v1/office/cases')).response.status).toBe(401);
    expect((await sdk('tartu', 'not-a-key').GET('/api/v1/office/cases')).response.status).toBe(401);
    const nobody = await new HttpBrowser().request(at('tartu', '/api/v1/office/cases'), {
      headers: { Accept: 'application/json' },
    });
    expect(nobody.status).toBe(401);
    expect(nobody.headers['www-authenticate']).toMatch(/^Bearer /);
    // Nor does a key open the office's pages or the admins' routes.
    const page = await localFetch(
      new Request(at('tartu', '/office/cases'), {
        headers: { Authorization: `Bearer ${readKey.key}`, Accept: 'text/html' },
      }),
    );
    expect(page.status).toBe(303);
    const keys = await localFetch(
      new Request(at('tartu', '/api/v1/office/api-keys'), { headers: { Authorization: `Bearer ${readKey.key}` } }),
    );
    expect(keys.status).toBe(401);
  });

  it('refuses a key without the scope a route needs with 403 naming the scope', async () => {
    const townhall = sdk('tartu', readKey.key);
    const step = await townhall.POST('/api/v1/office/cases/{id}/transitions', {
      params: { path: { id: tartuCase } },
      body: { transition: 'information-received', version: 1 },
    });
    expect(step.response.status).toBe(403);
    expect(step.error!.detail).toContain('lacks the scope cases:write');
    expect(await db.query(`select state from applications where id = $1`, [tartuCase])).toEqual([
      { state: 'submitted' },
    ]);
  });

  it("lets a key with cases:write take the workflow's system steps, and officials keep working over JSON", async () => {
    const made = await admin.browser.request(at('tartu', '/api/v1/office/api-keys'), {
      json: { name: '  Case register  ', scopes: ['cases:read', 'cases:write'] },
      headers: json(admin.csrf),
    });
    expect(made.status).toBe(201);
    const answer = JSON.parse(made.body) as { id: string; key: string; prefix: string; name: string; scopes: string[] };
    expect(answer).toMatchObject({ name: 'Case register', scopes: ['cases:read', 'cases:write'], lastUsedAt: null });
    expect(answer.key.startsWith(`${answer.prefix}_`)).toBe(true);
    writeKey = { id: answer.id, key: answer.key, prefix: answer.prefix };

    // The owner starts the review and asks for information, over the same JSON routes, with a session.
    const owner = await official('tartu-owner');
    const step = (body: Record<string, unknown>) =>
      owner.browser.request(at('tartu', `/api/v1/office/cases/${tartuCase}/transitions`), {
        json: body,
        headers: json(owner.csrf),
      });
    const version = (
      await sdk('tartu', writeKey.key).GET('/api/v1/office/cases/{id}', {
        params: { path: { id: tartuCase } },
      })
    ).data!.version;
    const reviewing = await step({ transition: 'start-review', version });
    expect(reviewing.status).toBe(200);
    const asked = await step({
      transition: 'request-information',
      version: JSON.parse(reviewing.body).version,
      text: 'Please add a photo of the trees.',
    });
    expect(asked.status).toBe(200);

    const townhall = sdk('tartu', writeKey.key);
    const seen = await townhall.GET('/api/v1/office/cases/{id}', { params: { path: { id: tartuCase } } });
    expect(seen.data!.transitions).toEqual(['information-received']);
    // A step the workflow gives to owners only is not the system's.
    const approve = await townhall.POST('/api/v1/office/cases/{id}/transitions', {
      params: { path: { id: tartuCase } },
      body: { transition: 'approve', version: seen.data!.version, text: 'Fine' },
    });
    expect(approve.response.status).toBe(409);
    const received = await townhall.POST('/api/v1/office/cases/{id}/transitions', {
      params: { path: { id: tartuCase } },
      body: { transition: 'information-received', version: seen.data!.version },
    });
    expect(received.response.status).toBe(200);
    expect(received.data).toEqual({ id: tartuCase, state: 'in-review', version: seen.data!.version + 1 });
    const history = (await townhall.GET('/api/v1/office/cases/{id}', { params: { path: { id: tartuCase } } })).data!
      .history;
    expect(history.at(-1)).toMatchObject({
      transition: 'information-received',
      actorKind: 'system',
      actorName: `Case register (API key ${writeKey.prefix})`,
    });

    // No decision yet; then the owner decides, and the document is there for decisions:read.
    const reader = sdk('tartu', readKey.key);
    const none = await reader.GET('/api/v1/office/cases/{id}/decision', { params: { path: { id: tartuCase } } });
    expect(none.response.status).toBe(404);
    const approved = await step({
      transition: 'approve',
      version: received.data!.version,
      text: 'The trees are diseased.',
    });
    expect(approved.status).toBe(200);
    const decision = await reader.GET('/api/v1/office/cases/{id}/decision', {
      params: { path: { id: tartuCase } },
      parseAs: 'arrayBuffer',
    });
    expect(decision.response.status).toBe(200);
    expect(decision.response.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(decision.data as ArrayBuffer)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const withoutScope = await townhall.GET('/api/v1/office/cases/{id}/decision', {
      params: { path: { id: tartuCase } },
    });
    expect(withoutScope.response.status).toBe(403);
    expect(withoutScope.error!.detail).toContain('decisions:read');
  });

  it("lets a records system sync the municipality's applications and fetch their documents, recorded for the applicant", async () => {
    const made = await admin.browser.request(at('tartu', '/api/v1/office/api-keys'), {
      json: { name: 'Archive', scopes: ['applications:read', 'documents:read'] },
      headers: json(admin.csrf),
    });
    expect(made.status).toBe(201);
    const archive = sdk('tartu', (JSON.parse(made.body) as { key: string }).key);
    // A second application, so that the feed has pages.
    const second = await applyForFellingPermit(await citizen('tartu'), at('tartu'));

    // A change is listed once every transaction older than it has ended, on the whole server:
    // another test file's transaction, in its own database, may hold the newest back a moment.
    type Feed = components['schemas']['ApplicationsFeedResponseDto'];
    const feed = async (query: { after?: string; limit?: number; stateKind?: 'decided' } = {}): Promise<Feed> =>
      (await archive.GET('/api/v1/office/applications', { params: { query } })).data!;
    const feedCaughtUp = async () => {
      const [{ xid }] = await db.query<{ xid: string }>(`select max(change_xid)::text as xid from applications`);
      for (const until = Date.now() + 20_000; Date.now() < until; await sleep(50)) {
        const [{ past }] = await db.query<{ past: boolean }>(
          `select pg_snapshot_xmin(pg_current_snapshot())::text::bigint > $1::bigint as past`,
          [xid],
        );
        if (past) return;
      }
      throw new Error(`a transaction older than ${xid} ran for 20 s`);
    };
    await feedCaughtUp();
    const all = await feed({ limit: 500 });
    expect(all.items.map((a) => a.id).sort()).toEqual([tartuCase, second].sort());
    expect(all.items.find((a) => a.id === tartuCase)).toMatchObject({
      service: 'felling-permit',
      stateKind: 'decided',
      outcome: 'approved',
    });
    // No personal data in the feed, and nothing of another municipality.
    expect(JSON.stringify(all)).not.toContain('Maasikas');
    expect(JSON.stringify(all)).not.toContain(espooCase);

    // Page by page: after=next goes on; past the end, next stays where a later sync resumes.
    const first = (await archive.GET('/api/v1/office/applications', { params: { query: { limit: 1 } } })).data!;
    expect(first.items).toHaveLength(1);
    const rest = (
      await archive.GET('/api/v1/office/applications', { params: { query: { limit: 1, after: first.next! } } })
    ).data!;
    expect([...first.items, ...rest.items].map((a) => a.id)).toEqual(all.items.map((a) => a.id));
    const end = (await archive.GET('/api/v1/office/applications', { params: { query: { after: rest.next! } } })).data!;
    expect(end).toEqual({ items: [], next: rest.next });

    // A change whose transaction started first but commits last is never passed over: while it
    // runs, the feed holds back the changes committed after it began, then lists both, in order.
    const slow = new pg.Client({ connectionString: db.superuserUrl });
    await slow.connect();
    try {
      await slow.query('begin');
      await slow.query(`update applications set updated_at = now() where id = $1`, [second]);
      await db.query(`update applications set updated_at = now() where id = $1`, [tartuCase]);
      expect(await feed({ after: rest.next! })).toEqual({ items: [], next: rest.next });
      await slow.query('commit');
    } finally {
      await slow.end();
    }
    await feedCaughtUp();
    expect((await feed({ after: rest.next! })).items.map((a) => a.id)).toEqual([second, tartuCase]);
    const decided = (await archive.GET('/api/v1/office/applications', { params: { query: { stateKind: 'decided' } } }))
      .data!;
    expect(decided.items.map((a) => a.id)).toEqual([tartuCase]);

    // The decision among the documents, downloaded as issued; both recorded for the applicant.
    const documents = await archive.GET('/api/v1/office/applications/{id}/documents', {
      params: { path: { id: tartuCase } },
    });
    expect(documents.response.status).toBe(200);
    const decision = documents.data!.find((d) => d.kind === 'decision')!;
    expect(decision).toMatchObject({ mediaType: 'application/pdf' });
    const file = await archive.GET('/api/v1/office/applications/{id}/documents/{documentId}', {
      params: { path: { id: tartuCase, documentId: decision.id } },
      parseAs: 'arrayBuffer',
    });
    expect(file.response.status).toBe(200);
    const bytes = Buffer.from(file.data as ArrayBuffer);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(decision.sha256);
    const log = await db.query<{ action: string; actor_kind: string; actor_name: string }>(
      `select action, actor_kind, actor_name from data_access_log where application_id = $1 and actor_name like 'Archive%'
        order by occurred_at`,
      [tartuCase],
    );
    expect(log.map((l) => [l.action, l.actor_kind])).toEqual([
      ['case-opened', 'system'],
      ['document-opened', 'system'],
    ]);

    // Another municipality's application, a document that is not there, bad positions and filters.
    const elsewhere = await archive.GET('/api/v1/office/applications/{id}/documents', {
      params: { path: { id: espooCase } },
    });
    expect(elsewhere.response.status).toBe(404);
    const missing = await archive.GET('/api/v1/office/applications/{id}/documents/{documentId}', {
      params: { path: { id: tartuCase, documentId: espooCase } },
    });
    expect(missing.response.status).toBe(404);
    for (const [query, field] of [
      [{ after: 'yesterday' }, 'after'],
      [{ limit: 501 }, 'limit'],
      [{ updatedSince: '2026-13-01' }, 'updatedSince'],
      [{ stateKind: 'draft' }, 'stateKind'],
    ] as const) {
      const refused = await archive.GET('/api/v1/office/applications', { params: { query: query as never } });
      expect(refused.response.status).toBe(400);
      expect(JSON.stringify(refused.error)).toContain(field);
    }
    // The case routes need their own scopes.
    const cases = await archive.GET('/api/v1/office/cases');
    expect(cases.response.status).toBe(403);
    expect(cases.error!.detail).toContain('cases:read');
  });

  it('refuses a revoked key from the next request on, recording who revoked it and when', async () => {
    const townhall = sdk('tartu', readKey.key);
    expect((await townhall.GET('/api/v1/office/cases')).response.status).toBe(200);
    const revoked = await admin.browser.request(at('tartu', `/office/settings/api-keys/${readKey.id}/revoke`), {
      form: { _csrf: admin.csrf },
    });
    expect(revoked.status).toBe(303);
    const refused = await townhall.GET('/api/v1/office/cases');
    expect(refused.response.status).toBe(401);
    expect(refused.error!.detail).toBe(`This API key (${readKey.prefix}) has been revoked.`);
    // The other key still works.
    expect((await sdk('tartu', writeKey.key).GET('/api/v1/office/cases')).response.status).toBe(200);

    const [{ id: adminId }] = await db.query<{ id: string }>(
      `select id from staff_members where email = 'admin@tartu.example.eu'`,
    );
    const listed = await admin.browser.request(at('tartu', '/api/v1/office/api-keys'), { headers: json(admin.csrf) });
    expect(JSON.parse(listed.body)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: readKey.id, revokedAt: expect.any(String), revokedBy: adminId }),
        expect.objectContaining({ id: writeKey.id, revokedAt: null, lastUsedAt: expect.any(String) }),
      ]),
    );
    const page = await admin.browser.request(`${revoked.location}`);
    expect(page.body).toContain(`The key ${readKey.prefix} is refused from now on.`);
    expect(page.body).toContain('Revoked');
  });

  it('refuses a bad name or scope, naming the field, over JSON and on the page', async () => {
    const before = (await keyRows()).length;
    const bad = await admin.browser.request(at('tartu', '/api/v1/office/api-keys'), {
      json: { name: '', scopes: ['cases:delete'] },
      headers: json(admin.csrf),
    });
    expect(bad.status).toBe(400);
    const fields = (JSON.parse(bad.body) as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect([...new Set(fields)].sort()).toEqual(['name', 'scopes']);
    const long = await admin.browser.request(at('tartu', '/api/v1/office/api-keys'), {
      json: { name: 'x'.repeat(81), scopes: ['cases:read'] },
      headers: json(admin.csrf),
    });
    expect(long.status).toBe(400);
    expect(JSON.parse(long.body).errors).toEqual([{ field: 'name', message: 'name must be 1 to 80 characters' }]);

    const form = await admin.browser.request(keysPage(), { form: { _csrf: admin.csrf, name: ' ' } });
    expect(form.status).toBe(422);
    expect(form.body).toContain('<a href="#name">Name: enter 1 to 80 characters</a>');
    expect(form.body).toContain('<a href="#scopes">Scopes: choose at least one of the scopes listed</a>');
    expect(form.body).toContain('aria-invalid="true"');
    expect(await keyRows()).toHaveLength(before);
  });

  it('refuses an official who is not an admin the keys, page and JSON alike', async () => {
    const before = (await keyRows()).length;
    const handler = await official('tartu-handler');
    expect((await handler.browser.request(keysPage())).status).toBe(403);
    const form = await handler.browser.request(keysPage(), {
      form: { _csrf: handler.csrf, name: 'Mine', scopes: 'cases:read' },
    });
    expect(form.status).toBe(403);
    const made = await handler.browser.request(at('tartu', '/api/v1/office/api-keys'), {
      json: { name: 'Mine', scopes: ['cases:read'] },
      headers: json(handler.csrf),
    });
    expect(made.status).toBe(403);
    expect(JSON.parse(made.body).detail).toContain('needs admin');
    const revoke = await handler.browser.request(at('tartu', `/api/v1/office/api-keys/${writeKey.id}/revoke`), {
      method: 'POST',
      headers: json(handler.csrf),
    });
    expect(revoke.status).toBe(403);
    expect(await keyRows()).toHaveLength(before);
    expect((await sdk('tartu', writeKey.key).GET('/api/v1/office/cases')).response.status).toBe(200);
  });
});
