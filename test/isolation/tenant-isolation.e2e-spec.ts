import { Agent, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ServicesRepository } from '@townhall/catalogue';
import { TenantChanges, TenantDatabase, type TenantEntity, type TenantRef } from '@townhall/tenancy';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Tenant isolation, end to end. Two municipalities (alpha, bravo) have data; nothing lets
 * one read, list or change the other's rows:
 *  1. HTTP: the catalogue endpoints answer only for the Host's tenant; a foreign id is the
 *     same 404 as a missing one; X-Forwarded-Host, X-Tenant-Id and tenant query
 *     parameters are ignored or refused; unknown hosts are 404, suspended tenants 503.
 *     (The tenant host has no write endpoints yet; writes are covered at the database level.)
 *  2. 1,000 concurrent requests for random tenants over one shared pool of 5 connections
 *     each list exactly their own tenant's services.
 *  3. With a pool of ONE connection, 10,000 alternating tenant transactions (some rolled
 *     back) never see a foreign row, even with a raw query without a where clause; after
 *     them that connection has no app.tenant_id outside a transaction.
 *  4. PostgreSQL, for every table with a tenant_id column, as the app role: in bravo's
 *     context alpha's rows cannot be selected, updated, deleted or inserted; with no tenant
 *     set, nothing is visible. Each check is paired with a positive one in alpha's own
 *     context, so a test that sees nothing anywhere cannot pass.
 */

interface ServiceRow {
  tenant_id: string;
  id: string;
  code: string;
}

interface Catalogue {
  municipality: string;
  items: { id: string; code: string }[];
}

const host = (slug: string) => `${slug}.localhost`;
const withoutRequestId = ({ requestId: _ignored, ...rest }: Record<string, unknown>) => rest;

describe('tenant isolation', () => {
  let db: TestDatabase;
  let api: INestApplication;
  let alpha: TenantEntity;
  let bravo: TenantEntity;
  let tenants: TenantEntity[];
  /** The ground truth, read as the superuser: each tenant's service rows. */
  let rowsOf: Map<string, ServiceRow[]>;

  const codesOf = (tenant: TenantEntity) =>
    rowsOf
      .get(tenant.id)!
      .map((r) => r.code)
      .sort();
  const idsOf = (tenant: TenantEntity) => rowsOf.get(tenant.id)!.map((r) => r.id);

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db, { DATABASE_POOL_SIZE: '5' });
    api = await startApi(env);
    tenants = await seedTenants(
      env,
      ['alpha', 'bravo', 'charlie', 'delta', 'sierra'].map((slug) => tenantSpec(slug)),
    );
    [alpha, bravo] = tenants;
    const rows = await db.query<ServiceRow>(`select tenant_id, id, code from services order by code`);
    rowsOf = new Map(tenants.map((t) => [t.id, rows.filter((r) => r.tenant_id === t.id)]));
    for (const t of tenants) expect(rowsOf.get(t.id)!.length).toBe(2);
    // Every tenant-owned table needs rows of both tenants for the PostgreSQL checks below.
    for (const tenant of [alpha, bravo]) {
      const [citizen] = await db.query<{ id: string }>(
        `insert into citizens (tenant_id, issuer, subject, given_name, family_name, last_login_at)
         values ($1, 'http://eid.example', $2, 'Test', 'Person', now()) returning id`,
        [tenant.id, `EE${tenant.slug}`],
      );
      const [application] = await db.query<{ id: string }>(
        `insert into applications (tenant_id, service_id, service_version, service_code, reference, applicant_id,
                                   state, state_kind, locale, submitted_at)
         select s.tenant_id, s.id, s.published_version, s.code, $3, $2, 'submitted', 'open', 'en', now()
           from services s where s.tenant_id = $1 order by s.code limit 1 returning id`,
        [tenant.id, citizen.id, `${tenant.slug.slice(0, 3).toUpperCase()}-2026-000001`],
      );
      await db.query(
        `insert into application_events (tenant_id, application_id, kind, actor_kind, actor_name)
         values ($1, $2, 'submitted', 'citizen', 'Test Person')`,
        [tenant.id, application.id],
      );
      await db.query(
        `insert into application_files (tenant_id, application_id, kind, field, file_name, media_type, size_bytes, sha256, storage_key)
         values ($1, $2, 'attachment', 'sitePlan', 'plan.pdf', 'application/pdf', 100, repeat('0', 64), $3)`,
        [tenant.id, application.id, `${tenant.id}/${application.id}/x`],
      );
      await db.query(
        `insert into follow_ups (tenant_id, application_id, follow_up_key, due_at) values ($1, $2, 'event-report', now())`,
        [tenant.id, application.id],
      );
      await db.query(
        `insert into permits (tenant_id, application_id, kind, number, holder_name, registration, zone, zone_label, valid_from, valid_until)
         values ($1, $2, 'parking', 'P-ISOLATED', 'Test Person', 'ABC 12A', 'sodermalm', '{"en":"Södermalm"}', '2030-01-01', '2030-01-31')`,
        [tenant.id, application.id],
      );
      await db.query(`insert into reference_counters (tenant_id, year, last_number) values ($1, 2026, 1)`, [tenant.id]);
      await db.query(
        `insert into data_access_log (tenant_id, person_id, application_id, action, actor_kind, actor_name, reason)
         values ($1, $2, $3, 'case-opened', 'staff', 'Anna Admin', 'Case')`,
        [tenant.id, citizen.id, application.id],
      );
      const [event] = await db.query<{ id: string }>(
        `insert into outbox (tenant_id, event, recipient_kind, recipient_id, payload)
         values ($1, 'application.submitted', 'citizen', $2, '{}') returning id`,
        [tenant.id, citizen.id],
      );
      await db.query(
        `insert into deliveries (tenant_id, outbox_id, channel, address, subject, body, status)
         values ($1, $2, 'email', 'test@example.eu', 'Received', 'Hello', 'sent')`,
        [tenant.id, event.id],
      );
      await db.query(
        `insert into inbox_messages (tenant_id, citizen_id, outbox_id, subject, body) values ($1, $2, $3, 'Received', 'Hello')`,
        [tenant.id, citizen.id, event.id],
      );
      await db.query(
        `insert into contact_preferences (tenant_id, citizen_id, email) values ($1, $2, 'test@example.eu')`,
        [tenant.id, citizen.id],
      );
      await db.query(
        `insert into entitlements (tenant_id, code, person_country, person_code, name, valid_from, source)
         values ($1, 'sports-wristband-68', 'FI', '010158-123A', 'Test Person', '2026-01-01', 'proactive')`,
        [tenant.id],
      );
      await db.query(
        `insert into message_templates (tenant_id, event, locale, subject, body, sms, updated_by)
         values ($1, 'application.submitted', 'en', 'Got it', 'Hello', 'Got it', 'admin')`,
        [tenant.id],
      );
      await db.query(
        `insert into auth_events (tenant_id, realm, event, outcome) values ($1, 'portal', 'login-succeeded', 'ok')`,
        [tenant.id],
      );
      const [member] = await db.query<{ id: string }>(
        `insert into staff_members (tenant_id, email, name, role) values ($1, $2, 'Anna Admin', 'admin') returning id`,
        [tenant.id, `admin@${tenant.slug}.example.eu`],
      );
      await db.query(
        `insert into staff_changes (tenant_id, staff_member_id, change, after) values ($1, $2, 'invited', '{}')`,
        [tenant.id, member.id],
      );
      await db.query(
        `insert into api_keys (tenant_id, name, prefix, secret_hash, scopes, created_by)
         values ($1, 'Document register', 'th_isolated', repeat('0', 64), '{cases:read}', $2)`,
        [tenant.id, member.id],
      );
      const [subscription] = await db.query<{ id: string }>(
        `insert into webhook_subscriptions (tenant_id, url, description, events, secret_sealed, created_by)
         values ($1, 'https://records.example.eu/hooks', 'Records system', '{application.submitted}', 'v1.sealed', $2)
         returning id`,
        [tenant.id, member.id],
      );
      await db.query(
        `insert into webhook_deliveries (tenant_id, subscription_id, outbox_id, event, body, status)
         values ($1, $2, $3, 'application.submitted', '{}', 'delivered')`,
        [tenant.id, subscription.id, event.id],
      );
      const [institution] = await db.query<{ id: string }>(
        `insert into institutions (tenant_id, code, name, address) values ($1, 'school', '{"en":"School"}', 'Main street 1')
         returning id`,
        [tenant.id],
      );
      const [resource] = await db.query<{ id: string }>(
        `insert into resources (tenant_id, institution_id, code, kind, name, currency, bookable_hours, min_minutes, max_minutes)
         values ($1, $2, 'hall', 'hall', '{"en":"Hall"}', 'EUR', '{"monday":["17:00-21:00"]}', 60, 120) returning id`,
        [tenant.id, institution.id],
      );
      await db.query(
        `insert into resource_photos (tenant_id, resource_id, alt, media_type, size_bytes, storage_key)
         values ($1, $2, '{"en":"The hall"}', 'image/png', 68, 'isolated/resource-photo')`,
        [tenant.id, resource.id],
      );
      await db.query(
        `insert into bookings (tenant_id, resource_id, booker_id, during, status, price, currency, reference,
           decided_by, decided_at)
         values ($1, $2, $3, tstzrange('2030-01-07 15:00+00', '2030-01-07 16:00+00'), 'confirmed', 0, 'EUR', 'B-ISOLATED',
           $4, now())`,
        [tenant.id, resource.id, citizen.id, member.id],
      );
      const [payment] = await db.query<{ id: string }>(
        `insert into payments (tenant_id, purpose_kind, purpose_id, description, payer_id, amount, currency, method, status,
           provider_ref, expires_at, paid_at, receipt_number)
         values ($1, 'booking', gen_random_uuid(), '{"en":"Hall"}', $2, 10000, 'EUR', 'card', 'paid', 'ses_isolated',
           now() + interval '30 minutes', now(), '2030-000001') returning id`,
        [tenant.id, citizen.id],
      );
      await db.query(
        `insert into payment_events (tenant_id, payment_id, source, verdict, body_sha256) values ($1, $2, 'callback', 'accepted', repeat('0', 64))`,
        [tenant.id, payment.id],
      );
      await db.query(`insert into payment_receipt_counters (tenant_id, year, last_number) values ($1, 2030, 1)`, [
        tenant.id,
      ]);
    }
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  describe('over HTTP', () => {
    const get = (slug: string, path: string) => request(api.getHttpServer()).get(path).set('Host', host(slug));

    it("lists only the host's own services", async () => {
      const res = await get('alpha', '/api/v1/services').expect(200);
      expect(res.body.municipality).toBe('alpha');
      expect(res.body.items.map((s: { code: string }) => s.code).sort()).toEqual(codesOf(alpha));
      expect(JSON.stringify(res.body)).not.toMatch(/bravo/);
      // Each service says which eID level applying needs (its template's, or higher if customised).
      const levels = Object.fromEntries(
        res.body.items.map((s: { code: string; assuranceLevel: string }) => [s.code, s.assuranceLevel]),
      );
      expect(levels).toEqual({ 'land-tax-exemption': 'high', 'felling-permit': 'substantial' });
    });

    it("answers a catalogue the client holds with a 304, and never with another tenant's ETag", async () => {
      const first = await get('alpha', '/api/v1/services').expect(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(first.headers['content-type']).toMatch(/^application\/json/);
      await get('alpha', '/api/v1/services').set('If-None-Match', etag).expect(304);
      const other = await get('bravo', '/api/v1/services').set('If-None-Match', etag).expect(200);
      expect(other.headers.etag).not.toBe(etag);
      expect(other.body.municipality).toBe('bravo');
    });

    it("shows one of its own services, and answers another tenant's id exactly like a missing one", async () => {
      const [own] = idsOf(alpha);
      expect((await get('alpha', `/api/v1/services/${own}`).expect(200)).body.id).toBe(own);

      const [foreignId] = idsOf(bravo);
      // The same id is B's own service at B's host: the 404 at A's host is isolation, not a typo.
      expect((await get('bravo', `/api/v1/services/${foreignId}`).expect(200)).body.id).toBe(foreignId);

      const foreign = await get('alpha', `/api/v1/services/${foreignId}`).expect(404);
      const missing = await get('alpha', `/api/v1/services/${randomUUID()}`).expect(404);
      expect(foreign.headers['content-type']).toBe(missing.headers['content-type']);
      expect(withoutRequestId(foreign.body)).toEqual(withoutRequestId(missing.body));
      expect(withoutRequestId(foreign.body)).toEqual({
        type: 'about:blank',
        title: 'Not found',
        status: 404,
        detail: 'No such service.',
      });
      expect(JSON.stringify(foreign.body)).not.toContain('bravo');
    });

    it('answers a malformed id with a 404 of the same shape', async () => {
      for (const id of ['not-a-uuid', `${idsOf(bravo)[0]}x`, "1' or '1'='1"]) {
        const res = await get('alpha', `/api/v1/services/${encodeURIComponent(id)}`).expect(404);
        expect(Object.keys(withoutRequestId(res.body)).sort()).toEqual(['detail', 'status', 'title', 'type']);
        expect(res.body.status).toBe(404);
      }
    });

    it('takes the tenant from the Host only: X-Forwarded-Host and X-Tenant-Id are ignored', async () => {
      const spoofed = await get('alpha', '/api/v1/services')
        .set('X-Forwarded-Host', host('bravo'))
        .set('X-Tenant-Id', bravo.id)
        .set('X-Tenant-Slug', 'bravo')
        .expect(200);
      expect(spoofed.body.municipality).toBe('alpha');
      expect(spoofed.body.items.map((s: { code: string }) => s.code).sort()).toEqual(codesOf(alpha));

      const foreign = await get('alpha', `/api/v1/services/${idsOf(bravo)[0]}`)
        .set('X-Forwarded-Host', host('bravo'))
        .set('X-Tenant-Id', bravo.id)
        .expect(404);
      expect(foreign.body.detail).toBe('No such service.');

      // No tenant in the Host: a forwarded host does not supply one.
      const hostless = await request(api.getHttpServer())
        .get('/api/v1/services')
        .set('Host', 'localhost')
        .set('X-Forwarded-Host', host('bravo'))
        .expect(404);
      expect(hostless.body.code).toBe('tenancy.unknown_host');
    });

    it('refuses tenant query parameters with a 400 naming them, and never shows the other tenant', async () => {
      for (const param of ['tenantId', 'tenant_id', 'tenant']) {
        for (const path of ['/api/v1/services', `/api/v1/services/${idsOf(bravo)[0]}`]) {
          const res = await get('alpha', path)
            .query({ [param]: bravo.id })
            .expect(400);
          expect(res.body.code).toBe('invalid_request');
          expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([param]);
          expect(JSON.stringify(res.body)).not.toMatch(new RegExp(`bravo|${idsOf(bravo).join('|')}`));
        }
      }
      // A repeated or array-shaped locale is no way around validation either.
      const res = await get('alpha', '/api/v1/services').query(`locale=en&locale=et&tenantId=${bravo.id}`).expect(400);
      expect(JSON.stringify(res.body)).not.toContain(idsOf(bravo)[0]);
    });

    it("cannot change another tenant's service through any verb", async () => {
      const [foreignId] = idsOf(bravo);
      for (const verb of ['put', 'patch', 'delete', 'post'] as const) {
        const server = request(api.getHttpServer());
        await server[verb](`/api/v1/services/${foreignId}`).set('Host', host('alpha')).expect(404);
      }
      const rows = await db.query<ServiceRow>(
        `select tenant_id, id, code from services where tenant_id = $1 order by code`,
        [bravo.id],
      );
      expect(rows).toEqual(rowsOf.get(bravo.id));
    });

    it('answers an unknown or malformed host with a 404 problem before anything runs', async () => {
      for (const unknown of [
        'nowhere.localhost',
        'alpha.bravo.localhost',
        'localhost',
        'alpha.example.org',
        'al pha.localhost',
      ]) {
        const res = await request(api.getHttpServer()).get('/api/v1/services').set('Host', unknown).expect(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('tenancy.unknown_host');
        expect(res.body.items).toBeUndefined();
      }
      // Case, a port and a trailing dot still name alpha.
      for (const variant of ['ALPHA.LOCALHOST', 'alpha.localhost:8080', 'alpha.localhost.']) {
        const res = await request(api.getHttpServer()).get('/api/v1/services').set('Host', variant).expect(200);
        expect(res.body.municipality).toBe('alpha');
      }
    });

    it('answers 503 for a suspended tenant at once, and nothing of its data', async () => {
      const sierra = tenants.find((t) => t.slug === 'sierra')!;
      await get('sierra', '/api/v1/services').expect(200); // cached as active first
      // As the admin app would (the tenant host's role may not write tenants).
      await db.query(`update tenants set status = 'suspended' where id = $1 and status = 'active'`, [sierra.id]);
      await api.get(TenantChanges).published(sierra.id);

      const list = await get('sierra', '/api/v1/services').expect(503);
      expect(list.body.code).toBe('tenancy.suspended');
      expect(list.body.items).toBeUndefined();
      const one = await get('sierra', `/api/v1/services/${idsOf(sierra)[0]}`).expect(503);
      expect(one.body.code).toBe('tenancy.suspended');
      expect(JSON.stringify(one.body)).not.toContain(idsOf(sierra)[0]);
      // Others are untouched.
      expect((await get('alpha', '/api/v1/services').expect(200)).body.municipality).toBe('alpha');
    });
  });

  it('answers 1,000 concurrent requests for random tenants over a shared pool, each with its own rows only', async () => {
    const active = tenants.filter((t) => t.slug !== 'sierra');
    const { port } = api.getHttpServer().address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 50 });
    // Half the requests list the catalogue (served from the per-tenant cache once loaded),
    // half read one of the tenant's services by id (a database read every time).
    const fetchCatalogue = (tenant: TenantEntity, i: number) =>
      new Promise<{ tenant: TenantEntity; status: number; body: Catalogue; id?: string }>((resolve, reject) => {
        const ids = idsOf(tenant);
        const id = i % 2 === 0 ? undefined : ids[i % ids.length];
        const path = id ? `/api/v1/services/${id}` : '/api/v1/services';
        const req = httpRequest(
          { host: '127.0.0.1', port, path, agent, headers: { Host: host(tenant.slug) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ tenant, id, status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end();
      });

    try {
      const picks = Array.from({ length: 1000 }, () => active[Math.floor(Math.random() * active.length)]);
      const results = await Promise.all(picks.map(fetchCatalogue));

      const wrong = results.filter((r) =>
        r.id
          ? r.status !== 200 || (r.body as unknown as { id: string }).id !== r.id
          : r.status !== 200 ||
            r.body.municipality !== r.tenant.slug ||
            JSON.stringify(r.body.items.map((s) => s.code).sort()) !== JSON.stringify(codesOf(r.tenant)),
      );
      expect(wrong.map((r) => ({ asked: r.tenant.slug, status: r.status, got: r.body }))).toEqual([]);
      expect(results).toHaveLength(1000);
      // Every tenant was asked for many times, interleaved.
      for (const t of active) expect(results.filter((r) => r.tenant === t).length).toBeGreaterThan(100);

      // The pool was genuinely shared: several connections, never more than 5.
      const [{ n }] = await db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = 'townhall-api'`,
        [db.name],
      );
      expect(n).toBeGreaterThan(1);
      expect(n).toBeLessThanOrEqual(5);
    } finally {
      agent.destroy();
    }
  });

  describe('with a pool of one connection', () => {
    let single: INestApplication;

    beforeAll(async () => {
      single = await startApi(testEnv(db, { DATABASE_POOL_SIZE: '1' }));
    });

    afterAll(async () => {
      await single?.close();
    });

    it('runs 10,000 alternating tenant transactions without ever seeing a foreign row, then forgets the tenant', async () => {
      const tenantDb = single.get(TenantDatabase);
      const services = single.get(ServicesRepository);
      const dataSource = single.get(DataSource);
      // The same two TenantRef objects for every operation, as a job runner may hold them: nothing of
      // one transaction may stick to them (a CLS key 'tenant.manager' once did, joining a released one).
      const pair: TenantRef[] = [alpha, bravo].map((t) => ({ id: t.id, slug: t.slug }));
      const TOTAL = 10_000;
      const IN_FLIGHT = 20;
      const rolledBack = new Error('rolled back on purpose');
      const foreign: unknown[] = [];
      const pids = new Set<number>();
      let next = 0;
      let completed = 0;
      let aborted = 0;

      const operation = async (i: number) => {
        const tenant = pair[i % 2];
        // Reads (READ ONLY, COMMIT not waited for) and read-write transactions, interleaved.
        const door = i % 3 === 0 ? tenantDb.readAs.bind(tenantDb) : tenantDb.runAs.bind(tenantDb);
        try {
          await door(tenant, async (manager) => {
            const found = await services.listEnabled();
            // No where clause: only row-level security stands between this and every tenant.
            const raw: { tenant_id: string; pid: number }[] = await manager.query(
              `select tenant_id, pg_backend_pid() as pid from services`,
            );
            if (found.length !== 2 || raw.length !== 2)
              foreign.push({ i, tenant: tenant.slug, found: found.length, raw: raw.length });
            for (const s of found)
              if (s.tenantId !== tenant.id) foreign.push({ i, tenant: tenant.slug, repository: s.tenantId });
            for (const r of raw) {
              if (r.tenant_id !== tenant.id) foreign.push({ i, tenant: tenant.slug, raw: r.tenant_id });
              pids.add(r.pid);
            }
            completed++;
            // Some transactions end in a rollback: that path must forget the tenant too.
            if (i % 97 === 0) throw rolledBack;
          });
        } catch (error) {
          if (error !== rolledBack) throw error;
          aborted++;
        }
      };
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < TOTAL) await operation(next++);
        }),
      );

      expect(foreign).toEqual([]);
      expect(completed).toBe(TOTAL);
      expect(aborted).toBe(Math.ceil(TOTAL / 97));

      // Outside a transaction, on that same (only) connection, no tenant is set.
      const [outside] = await dataSource.query(
        `select current_setting('app.tenant_id', true) as v, pg_backend_pid() as pid`,
      );
      expect([...pids]).toEqual([outside.pid]);
      expect(outside.v === '' || outside.v === null).toBe(true);
      // …and a raw query there sees no tenant's rows at all.
      expect(await dataSource.query(`select tenant_id from services`)).toEqual([]);
    });
    it('refuses a write inside a read, and rolls a failed transaction back whole, nested savepoint included', async () => {
      const tenantDb = single.get(TenantDatabase);
      const ref: TenantRef = { id: alpha.id, slug: alpha.slug };
      const positions = () =>
        tenantDb.readAs(ref, (m) =>
          m.query(`select id, position from services where tenant_id = $1 order by id`, [ref.id]),
        );
      const before = await positions();

      await expect(
        tenantDb.readAs(ref, (m) =>
          m.query(`update services set position = position + 1 where tenant_id = $1`, [ref.id]),
        ),
      ).rejects.toMatchObject({ code: '25006' }); // read_only_sql_transaction

      await expect(
        tenantDb.runAs(ref, async (m) => {
          await m.query(`update services set position = position + 100 where tenant_id = $1`, [ref.id]);
          // TypeORM sees the door's transaction as open: a nested one is a savepoint inside it.
          await m.transaction((inner) =>
            inner.query(`update services set position = position + 1 where tenant_id = $1`, [ref.id]),
          );
          throw new Error('fails after writing');
        }),
      ).rejects.toThrow('fails after writing');
      expect(await positions()).toEqual(before);

      await tenantDb.runAs(ref, async (m) => {
        await m.transaction((inner) =>
          inner.query(`update services set position = position + 1 where tenant_id = $1`, [ref.id]),
        );
      });
      const after = (await positions()) as { position: number }[];
      expect(after.map((r) => r.position)).toEqual((before as { position: number }[]).map((r) => r.position + 1));
    });

    it('answers 10,000 alternating HTTP requests of two tenants on one connection, never with a foreign row', async () => {
      const { port } = single.getHttpServer().address() as AddressInfo;
      const agent = new Agent({ keepAlive: true, maxSockets: 20 });
      const ask = (slug: string, id: string) =>
        new Promise<{ status: number; id?: string }>((resolve, reject) => {
          const req = httpRequest(
            { host: '127.0.0.1', port, path: `/api/v1/services/${id}`, agent, headers: { Host: host(slug) } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () =>
                resolve({ status: res.statusCode!, id: JSON.parse(Buffer.concat(chunks).toString()).id }),
              );
              res.on('error', reject);
            },
          );
          req.on('error', reject);
          req.end();
        });
      const TOTAL = 10_000;
      const wrong: unknown[] = [];
      let next = 0;
      try {
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            while (next < TOTAL) {
              const i = next++;
              const [mine, theirs] = i % 2 === 0 ? [alpha, bravo] : [bravo, alpha];
              // Every tenth request guesses the other tenant's id: it must not exist here.
              const guess = i % 10 === 0;
              const id = (guess ? idsOf(theirs) : idsOf(mine))[i % 2];
              const answer = await ask(mine.slug, id);
              const expected = guess ? { status: 404, id: undefined } : { status: 200, id };
              if (answer.status !== expected.status || answer.id !== expected.id)
                wrong.push({ i, asked: mine.slug, id, answer });
            }
          }),
        );
      } finally {
        agent.destroy();
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('in PostgreSQL, for every tenant-owned table, as the app role', () => {
    let app: pg.Client;
    let tables: string[];

    beforeAll(async () => {
      app = new pg.Client({ connectionString: db.appUrl });
      await app.connect();
      const rows = await db.query<{ table: string }>(`
        select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p')
           and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
         order by 1`);
      tables = rows.map((r) => r.table);
    });

    afterAll(async () => {
      await app?.end();
    });

    /** Runs work in a transaction scoped to the tenant, always rolled back. */
    async function as<T>(tenantId: string | null, work: () => Promise<T>): Promise<T> {
      await app.query('begin');
      try {
        if (tenantId) await app.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
        return await work();
      } finally {
        await app.query('rollback');
      }
    }

    /** The SQLSTATE a statement fails with, undone by a savepoint; null when it succeeds. */
    async function failure(sql: string, params: unknown[] = []): Promise<{ code?: string; message: string } | null> {
      await app.query('savepoint attempt');
      try {
        await app.query(sql, params);
        await app.query('release savepoint attempt');
        return null;
      } catch (error) {
        await app.query('rollback to savepoint attempt');
        return { code: (error as { code?: string }).code, message: (error as Error).message };
      }
    }

    const fingerprint = async (table: string) =>
      (
        await db.query<{ count: number; digest: string | null }>(
          `select count(*)::int as count, md5(string_agg(t::text, ',' order by t::text)) as digest
             from ${table} t where tenant_id = $1`,
          [alpha.id],
        )
      )[0];

    it('finds the tenant-owned tables, each with rows of both tenants to protect', async () => {
      expect(tables).toContain('services');
      for (const table of tables) {
        const [{ a, b }] = await db.query<{ a: number; b: number }>(
          `select count(*) filter (where tenant_id = $1)::int as a, count(*) filter (where tenant_id = $2)::int as b from ${table}`,
          [alpha.id, bravo.id],
        );
        // A table without rows would make the checks below vacuous: seed it in beforeAll.
        expect({ table, alphaHasRows: a > 0, bravoHasRows: b > 0 }).toEqual({
          table,
          alphaHasRows: true,
          bravoHasRows: true,
        });
      }
    });

    /** What the app role may do to a table: an audit trail is append-only, citizens are never deleted. */
    const rightsOn = async (table: string) =>
      (
        await db.query<{ update: boolean; delete: boolean }>(
          `select has_table_privilege('townhall_app', $1, 'UPDATE') as update,
                  has_table_privilege('townhall_app', $1, 'DELETE') as delete`,
          [table],
        )
      )[0];

    /** A statement's outcome: the rows it touched, or the SQLSTATE it was refused with. */
    const outcome = async (sql: string, params: unknown[]): Promise<number | string | undefined> => {
      await app.query('savepoint attempt');
      try {
        const { rowCount } = await app.query(sql, params);
        await app.query('release savepoint attempt');
        return rowCount ?? 0;
      } catch (error) {
        await app.query('rollback to savepoint attempt');
        return (error as { code?: string }).code;
      }
    };

    it("lets bravo neither select, update nor delete alpha's rows, while alpha reaches them", async () => {
      for (const table of tables) {
        const t = app.escapeIdentifier(table);
        const before = await fingerprint(t);
        const rights = await rightsOn(table);
        // Without the right, a change is refused outright (42501), whoever's rows.
        const expectedUpdate = (rows: number) => (rights.update ? rows : '42501');
        const expectedDelete = (rows: number) => (rights.delete ? rows : '42501');

        // Positive control: alpha's own context sees (and, where granted, changes) its rows.
        await as(alpha.id, async () => {
          const own = await app.query(`select tenant_id from ${t}`);
          expect({ table, rows: own.rowCount, tenants: [...new Set(own.rows.map((r) => r.tenant_id))] }).toEqual({
            table,
            rows: before.count,
            tenants: [alpha.id],
          });
          const updated = await outcome(`update ${t} set tenant_id = tenant_id where tenant_id = $1`, [alpha.id]);
          expect({ table, updated }).toEqual({ table, updated: expectedUpdate(before.count) });
        });

        await as(bravo.id, async () => {
          const all = await app.query(`select tenant_id from ${t}`);
          expect({ table, seen: [...new Set(all.rows.map((r) => r.tenant_id))] }).toEqual({ table, seen: [bravo.id] });
          const selected = await app.query(`select * from ${t} where tenant_id = $1`, [alpha.id]);
          const updated = await outcome(`update ${t} set tenant_id = tenant_id where tenant_id = $1`, [alpha.id]);
          const deleted = await outcome(`delete from ${t} where tenant_id = $1`, [alpha.id]);
          expect({ table, selected: selected.rowCount, updated, deleted }).toEqual({
            table,
            selected: 0,
            updated: expectedUpdate(0),
            deleted: expectedDelete(0),
          });
          // Nor can bravo hand one of its own rows over to alpha.
          const handover = await failure(`update ${t} set tenant_id = $1 where tenant_id = $2`, [alpha.id, bravo.id]);
          expect({ table, handover: handover?.code }).toEqual({ table, handover: '42501' });
          if (rights.update) expect(handover!.message).toMatch(/row-level security/);
        });

        expect(await fingerprint(t)).toEqual(before);
      }
    });

    it('refuses to insert a row of alpha in bravo’s context (42501, row-level security)', async () => {
      // Generic over every table: a copy of one of alpha's rows, rebuilt from JSON.
      for (const table of tables) {
        const t = app.escapeIdentifier(table);
        const [{ row }] = await db.query<{ row: unknown }>(
          `select row_to_json(t) as row from ${t} t where tenant_id = $1 limit 1`,
          [alpha.id],
        );
        const copy = { ...(row as Record<string, unknown>), ...('id' in (row as object) ? { id: randomUUID() } : {}) };
        const before = await fingerprint(t);
        const refused = await as(bravo.id, () =>
          failure(`insert into ${t} select * from json_populate_record(null::${t}, $1::json)`, [JSON.stringify(copy)]),
        );
        expect({ table, code: refused?.code }).toEqual({ table, code: '42501' });
        expect(refused!.message).toMatch(/row-level security/);
        expect(await fingerprint(t)).toEqual(before);
      }

      // The same insert through the entity's own columns, for the services table.
      const refused = await as(bravo.id, () =>
        failure(
          `insert into services (tenant_id, code, category, title, summary) values ($1, 'smuggled', 'x', '{}', '{}')`,
          [alpha.id],
        ),
      );
      expect(refused?.code).toBe('42501');
      // Positive control: the same row for bravo itself goes in.
      expect(
        await as(bravo.id, () =>
          failure(
            `insert into services (tenant_id, code, category, title, summary) values ($1, 'own', 'x', '{}', '{}')`,
            [bravo.id],
          ),
        ),
      ).toBeNull();
    });

    it('shows nothing, without an error, when no tenant is set', async () => {
      for (const table of tables) {
        const t = app.escapeIdentifier(table);
        // Never set on this session yet, then set and reset by the transactions above.
        const fresh = new pg.Client({ connectionString: db.appUrl });
        await fresh.connect();
        try {
          const [{ v }] = (await fresh.query(`select current_setting('app.tenant_id', true) as v`)).rows;
          expect(v === null || v === '').toBe(true);
          expect({ table, rows: (await fresh.query(`select * from ${t}`)).rowCount }).toEqual({ table, rows: 0 });
        } finally {
          await fresh.end();
        }
        expect({ table, rows: (await app.query(`select * from ${t}`)).rowCount }).toEqual({ table, rows: 0 });
        const inTransaction = await as(null, () => app.query(`select * from ${t} where tenant_id = $1`, [alpha.id]));
        expect({ table, rows: inTransaction.rowCount }).toEqual({ table, rows: 0 });
        const deleted = await as(null, () => outcome(`delete from ${t}`, []));
        expect({ table, deleted }).toEqual({ table, deleted: (await rightsOn(table)).delete ? 0 : '42501' });
      }
    });
  });
});
