import { GATEWAY_METHODS } from '@townhall/payments';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The sweeps' probes (createDueTenantsProbe): each answers, in one statement, exactly the
 * active municipalities that have work of its kind due, by the same conditions as the sweep's
 * own queries; it answers nothing of a suspended or provisioning one, only the worker's role
 * may call it, it leaves app.tenant_id empty, and row-level security still hides every row
 * from a query that names no tenant.
 */
describe('due-tenants probes: the sweeps find the municipalities with due work through RLS', () => {
  const PROBES = [
    'outbox_due_tenants(timestamptz)',
    'payments_due_tenants()',
    'booking_holds_due_tenants()',
    'cases_timed_work_due_tenants(interval)',
  ];
  const refundSlugs = GATEWAY_METHODS.map((method) => `probe-refund-${method}`);
  let db: TestDatabase;
  let platform: pg.Client;
  let app: pg.Client;
  const slugOf = new Map<string, string>();

  /** The slugs of the tenants a probe's call answers (as the worker's role), in order. */
  async function probe(call: string, params: unknown[] = []): Promise<string[]> {
    const { rows } = await platform.query<{ id: string }>(`select id from ${call} as due(id)`, params);
    return rows.map((r) => slugOf.get(r.id) ?? r.id).sort();
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const active = [
      'probe-idle',
      'probe-outbox',
      'probe-young',
      'probe-expired',
      ...refundSlugs,
      'probe-office',
      'probe-hold',
      'probe-case',
      'probe-overdue',
    ];
    const tenants = await db.query<{ id: string; slug: string }>(
      `insert into tenants (slug, name, status, locales, default_locale, time_zone)
       select slug, 'Municipality ' || slug, status, '{en}', 'en', 'Europe/Tallinn'
         from unnest($1::text[], $2::text[]) as t(slug, status)
       returning id, slug`,
      [
        [...active, 'probe-suspended', 'probe-provisioning'],
        [...active.map(() => 'active'), 'suspended', 'provisioning'],
      ],
    );
    for (const t of tenants) slugOf.set(t.id, t.slug);
    const id = (slug: string) => [...slugOf].find(([, s]) => s === slug)![0];

    // Rows of the columns the probes look at; their parents (resources, services, persons) do not
    // matter here, so the superuser inserts them with foreign keys unchecked.
    const outbox = (slug: string, createdAt: string, processed: boolean) =>
      `insert into outbox (tenant_id, event, recipient_kind, recipient_id, payload, created_at, processed_at)
       values ('${id(slug)}', 'application.submitted', 'citizen', gen_random_uuid(), '{}', ${createdAt}, ${processed ? 'now()' : 'null'})`;
    const payment = (
      slug: string,
      p: { status: string; expiresAt?: string; method?: string; providerRef?: boolean; refundDue?: boolean },
    ) => {
      const paid = p.status === 'paid' || p.status === 'refunded';
      return `insert into payments (tenant_id, purpose_kind, purpose_id, description, payer_id, amount, currency, method,
                                    status, expires_at, paid_at, receipt_number, provider_ref, refund_due_at)
       values ('${id(slug)}', 'booking', gen_random_uuid(), '{}', gen_random_uuid(), 1000, 'EUR', ${p.method ? `'${p.method}'` : 'null'},
               '${p.status}', ${p.expiresAt ?? "now() + interval '15 minutes'"}, ${paid ? 'now()' : 'null'},
               ${paid ? "'R-' || gen_random_uuid()" : 'null'}, ${p.providerRef ? "'sandbox-' || gen_random_uuid()" : 'null'}, ${p.refundDue ? 'now()' : 'null'})`;
    };
    const booking = (slug: string, status: string, heldUntil: string | null) =>
      `insert into bookings (tenant_id, resource_id, booker_id, during, status, held_until, price, currency, reference)
       values ('${id(slug)}', gen_random_uuid(), gen_random_uuid(), tstzrange(now() + interval '1 day', now() + interval '25 hours'),
               '${status}', ${heldUntil ?? 'null'}, 1000, 'EUR', 'B-' || gen_random_uuid())`;
    const application = (slug: string, nextTimedAt: string | null) =>
      `insert into applications (tenant_id, service_id, service_version, service_code, applicant_id, state, state_kind, locale, next_timed_at)
       values ('${id(slug)}', gen_random_uuid(), 1, 'felling-permit', gen_random_uuid(), 'in-review', 'open', 'en', ${nextTimedAt ?? 'null'})`;
    const everythingDue = (slug: string) => [
      outbox(slug, "now() - interval '1 minute'", false),
      payment(slug, { status: 'pending', method: 'card', expiresAt: "now() - interval '1 minute'" }),
      payment(slug, { status: 'paid', method: 'card', providerRef: true, refundDue: true }),
      booking(slug, 'held', "now() - interval '1 minute'"),
      application(slug, "now() - interval '1 hour'"),
    ];
    const statements = [
      // Nothing due anywhere: work done, or not due yet.
      outbox('probe-idle', "now() - interval '1 hour'", true),
      payment('probe-idle', { status: 'pending', method: 'card', expiresAt: "now() + interval '10 minutes'" }),
      payment('probe-idle', { status: 'created' }),
      payment('probe-idle', { status: 'expired', expiresAt: "now() - interval '1 hour'" }),
      payment('probe-idle', { status: 'paid', method: 'card', providerRef: true }),
      payment('probe-idle', { status: 'refunded', method: 'card', providerRef: true }),
      booking('probe-idle', 'held', "now() + interval '10 minutes'"),
      booking('probe-idle', 'confirmed', null),
      application('probe-idle', "now() + interval '2 days'"),
      application('probe-idle', null),
      // One kind of work due each.
      outbox('probe-outbox', "now() - interval '1 minute'", false),
      outbox('probe-outbox', "now() - interval '1 hour'", true),
      outbox('probe-young', 'now()', false),
      payment('probe-expired', { status: 'pending', method: 'bank-link', expiresAt: "now() - interval '1 minute'" }),
      payment('probe-expired', { status: 'created', expiresAt: "now() - interval '1 minute'" }),
      ...GATEWAY_METHODS.map((method) =>
        payment(`probe-refund-${method}`, { status: 'paid', method, providerRef: true, refundDue: true }),
      ),
      // Owed, but not through the gateway (given back at the office) or never reached it: not the sweep's.
      payment('probe-office', { status: 'paid', method: 'at-office', refundDue: true }),
      payment('probe-office', { status: 'paid', method: 'invoice', refundDue: true }),
      payment('probe-office', { status: 'paid', method: 'card', refundDue: true }),
      booking('probe-hold', 'held', "now() - interval '1 second'"),
      application('probe-case', "now() + interval '2 hours'"),
      application('probe-overdue', "now() - interval '3 days'"),
      ...everythingDue('probe-suspended'),
      ...everythingDue('probe-provisioning'),
    ];
    await db.query(`set session_replication_role = replica; ${statements.join(';\n')}; reset session_replication_role`);

    platform = new pg.Client({ connectionString: db.platformUrl });
    app = new pg.Client({ connectionString: db.appUrl });
    await platform.connect();
    await app.connect();
  });

  afterAll(async () => {
    await platform?.end();
    await app?.end();
    await db?.drop();
  });

  it('answers the active municipalities with outbox events past the grace, and no others', async () => {
    expect(await probe(`outbox_due_tenants(now() - interval '10 seconds')`)).toEqual(['probe-outbox']);
    // An event younger than the given time waits for the next pass.
    expect(await probe(`outbox_due_tenants($1)`, [new Date(Date.now() + 60_000)])).toEqual([
      'probe-outbox',
      'probe-young',
    ]);
  });

  it('answers the active municipalities with a lapsed open payment or a refund owed through the gateway', async () => {
    expect(await probe(`payments_due_tenants()`)).toEqual(['probe-expired', ...refundSlugs].sort());
  });

  it('answers the active municipalities with a booking hold whose time ran out', async () => {
    expect(await probe(`booking_holds_due_tenants()`)).toEqual(['probe-hold']);
  });

  it('answers the active municipalities with timed case work due within the given time or overdue', async () => {
    expect(await probe(`cases_timed_work_due_tenants($1)`, ['1 day'])).toEqual(['probe-case', 'probe-overdue']);
    expect(await probe(`cases_timed_work_due_tenants($1)`, ['3 days'])).toEqual([
      'probe-case',
      'probe-idle',
      'probe-overdue',
    ]);
  });

  it('leaves app.tenant_id empty: after the statement, and for the rest of a transaction it ran in', async () => {
    await platform.query(`select * from payments_due_tenants()`);
    const after = await platform.query<{ tenant: string | null }>(
      `select current_setting('app.tenant_id', true) as tenant`,
    );
    expect(after.rows[0].tenant).toBe('');
    await platform.query('begin');
    try {
      expect(await probe(`booking_holds_due_tenants()`)).toEqual(['probe-hold']);
      const inside = await platform.query<{ tenant: string; outbox: number }>(
        `select current_setting('app.tenant_id', true) as tenant, (select count(*)::int from outbox) as outbox`,
      );
      expect(inside.rows[0]).toEqual({ tenant: '', outbox: 0 });
    } finally {
      await platform.query('rollback');
    }
  });

  it('refuses to run inside a tenant transaction, whose tenant it would end', async () => {
    await platform.query('begin');
    try {
      await platform.query(`select set_config('app.tenant_id', $1, true)`, [[...slugOf.keys()][0]]);
      await expect(platform.query(`select * from outbox_due_tenants(now())`)).rejects.toThrow(
        /outside a tenant transaction/,
      );
    } finally {
      await platform.query('rollback');
    }
  });

  it("lets only the worker's role execute them, as itself (SECURITY INVOKER)", async () => {
    const rights = await db.query<{
      probe: string;
      definer: boolean;
      app: boolean;
      platform: boolean;
      public: boolean;
    }>(
      `select p.probe, f.prosecdef as definer,
              has_function_privilege('townhall_app', p.probe, 'execute') as app,
              has_function_privilege('townhall_platform', p.probe, 'execute') as platform,
              exists (select 1 from aclexplode(f.proacl) a where a.grantee = 0) as public
         from unnest($1::text[]) p(probe) join pg_proc f on f.oid = p.probe::regprocedure`,
      [PROBES],
    );
    expect(rights).toEqual(
      PROBES.map((p) => ({ probe: p, definer: false, app: false, platform: true, public: false })),
    );
    await expect(app.query(`select * from payments_due_tenants()`)).rejects.toThrow(/permission denied/);
  });

  it('keeps every row hidden from a query that names no tenant, and the probes answer no row of any', async () => {
    for (const client of [platform, app]) {
      const { rows } = await client.query<{ outbox: number; payments: number; bookings: number; applications: number }>(
        `select (select count(*)::int from outbox) as outbox, (select count(*)::int from payments) as payments,
                (select count(*)::int from bookings) as bookings, (select count(*)::int from applications) as applications`,
      );
      expect(rows[0]).toEqual({ outbox: 0, payments: 0, bookings: 0, applications: 0 });
    }
    // What a probe answers is a tenant id alone.
    const answer = await platform.query(`select * from payments_due_tenants()`);
    expect(answer.fields.map((f) => f.dataTypeID)).toEqual([2950]); // uuid
    expect(answer.rows.every((r: Record<string, string>) => slugOf.has(Object.values(r)[0]))).toBe(true);
  });
});
