import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Officials log in to the office through their municipality's staff provider (the
 * sandbox's, over real HTTP). Only people on the municipality's staff get in; roles are
 * checked on every request against the staff list, and every change to it is audited.
 */
describe('office access', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let sandboxBase: string;
  let api: INestApplication;
  let port: number;

  const office = (path = '') => `http://tartu.localhost:${port}/office${path}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app: sandbox, base: sandboxBase } = await startSandbox());
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(sandboxBase),
        staff: [
          { email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' },
          { email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' },
        ],
      } as never),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  async function logIn(persona: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const { authorize, callback } = await pickPersona(browser, office('/auth/login'), {
      persona,
      level: 'substantial',
    });
    expect(authorize.pathname).toBe('/staff/auth');
    const landed = await browser.request(callback);
    expect(landed.status).toBe(303);
    expect(landed.location).toBe(office());
    return browser;
  }

  const auditSince = (since: Date) =>
    db.query<{ event: string; reason: string | null; realm: string }>(
      `select event, reason, realm from auth_events where occurred_at >= $1 order by occurred_at`,
      [since],
    );

  it('lets an official of the staff in, showing their name and role', async () => {
    const browser = await logIn('tartu-handler');
    const home = await browser.request(office());
    expect(home.status).toBe(200);
    expect(home.body).toContain('Hanna Handler');
    expect(home.body).toContain('Case handler');
    const [member] = await db.query<{ status: string; subject: string | null }>(
      `select status, subject from staff_members where email = 'handler@tartu.example.eu'`,
    );
    expect(member.status).toBe('active');
    expect(member.subject).toBeTruthy();
  });

  it("refuses a person the staff provider knows but who is not on this municipality's staff", async () => {
    const since = new Date();
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, office('/auth/login'), {
      persona: 'espoo-admin',
      level: 'substantial',
    });
    const refused = await browser.request(callback);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('not on the staff');
    expect((await auditSince(since)).find((e) => e.event === 'login-failed')?.reason).toContain(
      'admin@espoo.example.eu',
    );
    expect((await browser.request(office())).status).toBe(303);
  });

  it('refuses a case handler an admin route, naming the role needed, and audits it', async () => {
    const handler = await logIn('tartu-handler');
    const since = new Date();
    const list = await handler.request(office('/staff'));
    expect(list.status).toBe(403);
    expect(list.body).toContain('needs admin');
    const page = await handler.request(office());
    const invite = await handler.request(office('/staff'), {
      form: { _csrf: hiddenField(page.body, '_csrf')!, email: 'x@tartu.example.eu', name: 'X', role: 'admin' },
    });
    expect(invite.status).toBe(403);
    const denied = (await auditSince(since)).filter((e) => e.event === 'access-denied');
    expect(denied.map((e) => e.reason)).toEqual([
      expect.stringContaining('GET /office/staff needs admin'),
      expect.stringContaining('POST /office/staff needs admin'),
    ]);
    expect(await db.query(`select 1 from staff_members where email = 'x@tartu.example.eu'`)).toHaveLength(0);
  });

  it("offers each official only the office's links their role opens", async () => {
    const links = (body: string) => [...body.matchAll(/<a [^>]*href="(\/office\/[a-z]+)"/g)].map((m) => m[1]);
    const handler = await logIn('tartu-handler');
    const handlersQueue = await handler.request(office('/cases'));
    expect(handlersQueue.status).toBe(200);
    expect(links(handlersQueue.body)).toEqual(expect.arrayContaining(['/office/cases', '/office/messages']));
    // The benefits' holders are for admins and owners: no link that would answer 403.
    expect(links(handlersQueue.body)).not.toContain('/office/entitlements');
    expect((await handler.request(office('/entitlements'))).status).toBe(403);

    const admin = await logIn('tartu-admin');
    const adminsQueue = await admin.request(office('/cases'));
    expect(links(adminsQueue.body)).toEqual(expect.arrayContaining(['/office/cases', '/office/entitlements']));
    expect((await admin.request(office('/entitlements'))).status).toBe(200);
  });

  it('lets an admin invite staff and change roles, every change audited, and a closed access ends at once', async () => {
    const admin = await logIn('tartu-admin');
    const list = await admin.request(office('/staff'));
    expect(list.status).toBe(200);
    expect(list.body).toContain('Hanna Handler');
    const csrf = hiddenField(list.body, '_csrf')!;

    const invited = await admin.request(office('/staff'), {
      form: {
        _csrf: csrf,
        email: 'Owner@Tartu.example.eu',
        name: 'Otto Owner',
        role: 'owner',
        services: 'felling-permit, room-booking',
      },
    });
    expect(invited.status).toBe(303);
    const again = await admin.request(office('/staff'), {
      form: { _csrf: csrf, email: 'owner@tartu.example.eu', name: 'Otto Owner', role: 'owner' },
    });
    expect(again.status).toBe(409);
    const bad = await admin.request(office('/staff'), {
      form: { _csrf: csrf, email: 'not-an-address', name: 'N', role: 'emperor' },
      headers: { Accept: 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(
      JSON.parse(bad.body)
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['email', 'role']);

    // The invited owner logs in for the first time: the invitation binds to their identity.
    const owner = await logIn('tartu-owner');
    const ownerHome = await owner.request(office());
    expect(ownerHome.body).toContain('felling-permit, room-booking');

    // The handler is logged in; the admin closes their access; their next request is refused.
    const handler = await logIn('tartu-handler');
    expect((await handler.request(office())).status).toBe(200);
    const [{ id: handlerId }] = await db.query<{ id: string }>(
      `select id from staff_members where email = 'handler@tartu.example.eu'`,
    );
    const closed = await admin.request(office(`/staff/${handlerId}`), {
      form: { _csrf: csrf, role: 'viewer', status: 'disabled' },
    });
    expect(closed.status).toBe(303);
    const refused = await handler.request(office());
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('not active');

    const [{ id: adminId }] = await db.query<{ id: string }>(
      `select id from staff_members where email = 'admin@tartu.example.eu'`,
    );
    const changes = await db.query<{
      email: string;
      change: string;
      changed_by: string | null;
      before: unknown;
      after: unknown;
    }>(
      `select m.email, c.change, c.changed_by, c.before, c.after from staff_changes c
         join staff_members m on m.tenant_id = c.tenant_id and m.id = c.staff_member_id
        where m.email in ('owner@tartu.example.eu', 'handler@tartu.example.eu') order by c.occurred_at`,
    );
    const of = (email: string) => changes.filter((c) => c.email === email);
    // The handler came from the municipality's file (changed by nobody), the owner from the admin.
    expect(of('handler@tartu.example.eu').map((c) => [c.change, c.changed_by])).toEqual([
      ['invited', null],
      ['first-login', handlerId],
      ['disabled', adminId],
    ]);
    expect(of('owner@tartu.example.eu').map((c) => c.change)).toEqual(['invited', 'first-login']);
    expect(of('owner@tartu.example.eu')[0]).toMatchObject({
      changed_by: adminId,
      after: { role: 'owner', services: ['felling-permit', 'room-booking'], status: 'invited' },
    });
    expect(of('handler@tartu.example.eu')[2]).toMatchObject({
      before: { role: 'handler', status: 'active' },
      after: { role: 'viewer', status: 'disabled' },
    });
  });

  it("does not let a citizen's portal session into the office", async () => {
    const citizen = new HttpBrowser();
    const { callback } = await pickPersona(citizen, `http://tartu.localhost:${port}/auth/login`, {
      persona: 'mari-maasikas',
      level: 'high',
    });
    expect((await citizen.request(callback)).status).toBe(303);
    const attempt = await citizen.request(office());
    expect(attempt.status).toBe(303);
    expect(attempt.location).toContain('/office/login');
  });
});
