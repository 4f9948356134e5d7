import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import { CreateOperatorUseCase } from '@townhall/identity';
import { QueueName } from '@townhall/platform';
import { PROVISION_TENANT_JOB } from '@townhall/tenancy';
import type { Queue } from 'bull';
import request from 'supertest';
import { startAdmin, startApi, startWorker, testEnv } from '../support/apps.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * An operator onboards a municipality through the admin API; the worker provisions it and
 * it answers at its subdomain. Bad input is refused naming the field, and a provisioning
 * that fails leaves nothing half-made.
 */
describe('onboarding a municipality', () => {
  let db: TestDatabase;
  let admin: INestApplication;
  let api: INestApplication;
  let worker: INestApplication;
  let token: string;

  const body = (slug: string, extra: Record<string, unknown> = {}) => ({
    slug,
    name: `Linn ${slug}`,
    locales: ['et', 'en'],
    defaultLocale: 'et',
    timeZone: 'Europe/Tallinn',
    branding: { primaryColor: '#00558c' },
    services: [{ template: 'felling-permit', customisation: { deadlines: { 'in-review': 8 } } }],
    ...extra,
  });
  const post = (payload: unknown) =>
    request(admin.getHttpServer())
      .post('/api/v1/tenants')
      .set('Authorization', `Bearer ${token}`)
      .send(payload as object);
  const catalogue = (slug: string) =>
    request(api.getHttpServer()).get('/api/v1/services').set('Host', `${slug}.localhost`);

  async function answersWithin(slug: string, ms: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < ms) {
      if ((await catalogue(slug)).status === 200) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${slug} did not answer within ${ms} ms`);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db);
    [admin, api, worker] = await Promise.all([startAdmin(env), startApi(env), startWorker(env)]);
    await admin
      .get(CreateOperatorUseCase)
      .execute({ email: 'ops@example.eu', displayName: 'Olga', password: 'correct horse battery' });
    const login = await request(admin.getHttpServer())
      .post('/api/v1/operator-sessions')
      .send({ email: 'OPS@example.eu', password: 'correct horse battery' })
      .expect(201);
    token = login.body.token;
  });

  afterAll(async () => {
    await Promise.all([admin?.close(), api?.close(), worker?.close()]);
    await db.drop();
  });

  it('slows down password guessing: 10 failures lock the account for 15 minutes', async () => {
    await admin
      .get(CreateOperatorUseCase)
      .execute({ email: 'target@example.eu', displayName: 'T', password: 'the right password' });
    const attempt = (password: string) =>
      request(admin.getHttpServer()).post('/api/v1/operator-sessions').send({ email: 'target@example.eu', password });
    for (let i = 0; i < 10; i++) await attempt(`wrong ${i}`).expect(401);
    const locked = await attempt('the right password').expect(429);
    expect(locked.body.detail).toBe('Too many failed logins. Try again in 15 minutes.');
  });

  it('refuses operators without a valid session', async () => {
    await request(admin.getHttpServer()).get('/api/v1/tenants').expect(401);
    await request(admin.getHttpServer())
      .get('/api/v1/tenants')
      .set('Authorization', 'Bearer not-a-real-token-at-all-000')
      .expect(401);
    const wrong = await request(admin.getHttpServer())
      .post('/api/v1/operator-sessions')
      .send({ email: 'ops@example.eu', password: 'wrong password' })
      .expect(401);
    expect(wrong.body.detail).toBe('The e-mail or the password is wrong.');
  });

  it('makes a new municipality answer at its subdomain within 2 seconds', async () => {
    await catalogue('valga').expect(404);
    const created = await post(body('valga')).expect(201);
    expect(created.body).toMatchObject({ slug: 'valga', status: 'provisioning', hosts: ['valga.localhost'] });

    const elapsed = await answersWithin('valga', 2000);
    expect(elapsed).toBeLessThan(2000);
    const services = await catalogue('valga').query({ locale: 'en' }).expect(200);
    expect(services.body.items.map((s: { title: string }) => s.title)).toEqual(['Tree felling permit']);

    const shown = await request(admin.getHttpServer())
      .get('/api/v1/tenants/valga')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(shown.body).toMatchObject({ status: 'active', provisioning: { progress: 100, state: 'completed' } });
  });

  it('refuses bad input with 400 naming each field, and saves nothing', async () => {
    const before = await db.query('select count(*)::int as n from tenants');
    const response = await post({
      ...body('Bad Slug!'),
      locales: ['xx'],
      timeZone: 'Mars/Olympus',
      branding: { primaryColor: 'blue' },
      extra: 1,
    }).expect(400);
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['slug', 'locales', 'timeZone', 'branding.primaryColor', 'extra', 'defaultLocale']),
    );
    expect(response.headers['content-type']).toContain('application/problem+json');

    // A service of a template that does not exist, or a customisation that breaks its
    // template, is refused before anything is written, naming the field.
    const broken = await post(
      body('tapa', {
        services: [
          { template: 'felling-permit', customisation: { hiddenFields: ['trees'], deadlines: { nowhere: 3 } } },
          { template: 'no-such-service' },
        ],
      }),
    ).expect(400);
    expect(broken.body.errors).toEqual([
      { field: 'services.0.customisation.hiddenFields[0]', message: '"trees" is required and cannot be hidden' },
      { field: 'services.0.customisation.deadlines.nowhere', message: 'there is no state "nowhere"' },
      { field: 'services.1.template', message: expect.stringContaining('there is no template no-such-service') },
    ]);
    expect(
      (await request(admin.getHttpServer()).get('/api/v1/tenants/tapa').set('Authorization', `Bearer ${token}`)).status,
    ).toBe(404);

    // Colours whose text would be unreadable (WCAG 2.1 AA: 4.5:1) are refused, naming both.
    const yellow = await post(body('kuldne', { branding: { primaryColor: '#ffdd00' } })).expect(400);
    expect(yellow.body.errors).toEqual([
      {
        field: 'branding.primaryColor',
        message:
          'primaryColor #ffdd00 and primaryTextColor #ffffff have a contrast of 1.35:1; text needs at least 4.5:1 (WCAG 2.1 AA)',
      },
    ]);
    await post('not json at all').set('Content-Type', 'application/json').expect(400);
    const nul = await post(body('nul-town', { name: 'Bad\u0000Name' })).expect(400);
    expect(nul.body.errors).toEqual([{ field: 'name', message: 'name must not contain control characters' }]);
    const reserved = await post(body('admin', { domains: ['x.localhost'] })).expect(400);
    expect(reserved.body.errors).toEqual([
      { field: 'slug', message: 'admin is reserved for the platform' },
      { field: 'domains.0', message: "x.localhost is under the platform's own domain localhost" },
    ]);
    await request(admin.getHttpServer())
      .get('/api/v1/tenants')
      .query({ page: '99999999999999999999' })
      .set('Authorization', `Bearer ${token}`)
      .expect(400);
    expect(await db.query('select count(*)::int as n from tenants')).toEqual(before);
    // The same yellow with dark text is readable, and accepted.
    await post(body('kuldne', { branding: { primaryColor: '#ffdd00', primaryTextColor: '#0b0c0c' } })).expect(201);
  });

  it('refuses a taken slug or domain with 409 naming the field', async () => {
    await post(body('rakvere', { domains: ['e-teenused.rakvere.ee'] })).expect(201);
    const slug = await post(body('rakvere')).expect(409);
    expect(slug.body.errors).toEqual([{ field: 'slug', message: 'rakvere is taken' }]);
    const domain = await post(body('haapsalu', { domains: ['e-teenused.rakvere.ee'] })).expect(409);
    expect(domain.body.errors[0].field).toBe('domains');
    await answersWithin('rakvere', 2000);
    // The custom domain leads to the same municipality.
    const viaDomain = await request(api.getHttpServer())
      .get('/api/v1/services')
      .set('Host', 'e-teenused.rakvere.ee')
      .expect(200);
    expect(viaDomain.body.municipality).toBe('rakvere');
  });

  it('suspends and resumes a municipality at once', async () => {
    await post(body('viljandi')).expect(201);
    await answersWithin('viljandi', 2000);
    const auth = { Authorization: `Bearer ${token}` };
    await request(admin.getHttpServer()).post('/api/v1/tenants/viljandi/suspend').set(auth).expect(200);
    const suspended = await catalogue('viljandi').expect(503);
    expect(suspended.body.code).toBe('tenancy.suspended');
    await request(admin.getHttpServer()).post('/api/v1/tenants/viljandi/suspend').set(auth).expect(409);
    await request(admin.getHttpServer()).post('/api/v1/tenants/viljandi/resume').set(auth).expect(200);
    await catalogue('viljandi').expect(200);
    await request(admin.getHttpServer()).post('/api/v1/tenants/nowhere/suspend').set(auth).expect(404);
  });

  it('leaves nothing half-made when provisioning fails, and finishes once the cause is gone', async () => {
    // A real fault: the app role loses the right to write the catalogue.
    await db.query('revoke insert on services from townhall_app');
    try {
      const created = await post(body('paide')).expect(201);
      let shown;
      for (let i = 0; i < 100; i++) {
        shown = await request(admin.getHttpServer())
          .get('/api/v1/tenants/paide')
          .set('Authorization', `Bearer ${token}`);
        if (shown.body.provisioning?.error) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(shown!.body).toMatchObject({ status: 'provisioning' });
      expect(shown!.body.provisioning.error).toContain('permission denied');
      expect(await db.query('select count(*)::int as n from services where tenant_id = $1', [created.body.id])).toEqual(
        [{ n: 0 }],
      );
      await catalogue('paide').expect(503);
    } finally {
      await db.query('grant insert on services to townhall_app');
    }
    // The job retries with backoff and succeeds now.
    await answersWithin('paide', 15000);
    const [row] = await db.query('select status, provisioning_error from tenants where slug = $1', ['paide']);
    expect(row).toEqual({ status: 'active', provisioning_error: null });
    expect(
      await db.query(
        `select count(*)::int as n from services s join tenants t on t.id = s.tenant_id where t.slug = 'paide'`,
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('lists municipalities page by page', async () => {
    const page = await request(admin.getHttpServer())
      .get('/api/v1/tenants')
      .query({ pageSize: 2, page: 1, status: 'active' })
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    await request(admin.getHttpServer())
      .get('/api/v1/tenants')
      .query({ pageSize: 100000 })
      .set('Authorization', `Bearer ${token}`)
      .expect(400);
  });

  it('shows operators the queues and their failed jobs', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    // A job that carries no tenant fails, and is kept with its reason for operators to see.
    const queue = admin.get<Queue>(getQueueToken(QueueName.Tenancy), { strict: false });
    const job = await queue.add(PROVISION_TENANT_JOB, { correlationId: 'x' } as never, { attempts: 1 });
    let failedJobs: { id: string; failedReason: string }[] = [];
    for (let i = 0; i < 100 && !failedJobs.some((j) => String(j.id) === String(job.id)); i++) {
      failedJobs = (await request(admin.getHttpServer()).get('/api/v1/queues/tenancy/failed').set(auth).expect(200))
        .body;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(failedJobs.find((j) => String(j.id) === String(job.id))?.failedReason).toContain('carries no tenant');
    const queues = await request(admin.getHttpServer()).get('/api/v1/queues').set(auth).expect(200);
    const tenancy = queues.body.find((q: { queue: string }) => q.queue === 'tenancy');
    expect(tenancy.counts.completed).toBeGreaterThanOrEqual(4);
    const failed = await request(admin.getHttpServer()).get('/api/v1/queues/tenancy/failed').set(auth).expect(200);
    expect(Array.isArray(failed.body)).toBe(true);
    await request(admin.getHttpServer()).get('/api/v1/queues/nope/failed').set(auth).expect(404);
    await request(admin.getHttpServer()).get('/api/v1/queues').expect(401);
  });
});
