import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type DynamicModule, type INestApplication, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, PlatformModule } from '@townhall/platform';
import {
  PopulationRegister,
  PropertyRegister,
  type RegisterQueryPurpose,
  RegistersModule,
  RegisterUnavailableError,
} from '@townhall/registers';
import { TENANT_KEY, TenancyModule, type TenantEntity } from '@townhall/tenancy';
import { ClsService } from 'nestjs-cls';
import { ApiConfig } from '../../apps/api/src/api.config.js';
import { CITIZENS } from '../../apps/sandbox/src/identity/personas.js';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The national registers over HTTP (the sandbox's X-Road-like services), as the registers
 * library reaches them for a municipality: seeded answers, a cache of each municipality's
 * own, a deadline, one retry of a 5xx, a circuit breaker that opens and closes again, and
 * every look-up about a citizen on their "Who has seen my data".
 */

/** Small enough to watch the breaker close again within a test. */
const RESET_TIMEOUT_MS = 1_000;
const FAILURE_THRESHOLD = 3;

/** The library as an app would import it, with test-sized breaker settings. */
@Module({})
class RegistersTestModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: RegistersTestModule,
      imports: [
        PlatformModule.forApp('registers-test', ApiConfig, config),
        TenancyModule,
        RegistersModule.forRoot({
          resetTimeoutMs: RESET_TIMEOUT_MS,
          failureThreshold: FAILURE_THRESHOLD,
          retryBackoffMs: 50,
        }),
      ],
    };
  }
}

const persona = (key: string) => {
  const found = CITIZENS.find((p) => p.key === key)!;
  return { country: found.country!, personalCode: found.personalCode! };
};

describe('national registers', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let sandboxBase: string;
  let api: INestApplication;
  let port: number;
  let registers: INestApplicationContext;
  let population: PopulationRegister;
  let property: PropertyRegister;
  let tenants: Record<string, TenantEntity>;

  const at = (slug: string, path: string) => `http://${slug}.localhost:${port}${path}`;
  /** Someone else's look-up: a user id of a citizen the test does not follow. */
  const anyone = (): RegisterQueryPurpose => ({ personId: randomUUID(), reason: 'a test look-up' });

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app: sandbox, base: sandboxBase } = await startSandbox());
    const register = (name: string, client: string, timeoutMs: number) => ({
      url: `${sandboxBase}/registers/${name}`,
      client,
      timeoutMs,
    });
    const env = testEnv(db);
    const seeded = await seedTenants(env, [
      tenantSpec('tartu', {
        identityProvider: sandboxProviders(sandboxBase, 'tartu', ['citizen']),
        registers: {
          population: register('population', 'EE/GOV/tartu/townhall', 2_000),
          property: register('property', 'EE/GOV/tartu/townhall', 2_000),
        },
      } as never),
      // Same register, another municipality: its own cache.
      tenantSpec('espoo', {
        registers: { population: register('population', 'FI/GOV/espoo/townhall', 2_000) },
      } as never),
      // A short deadline, for a register that hangs.
      tenantSpec('slow', { registers: { population: register('population', 'EE/GOV/slow/townhall', 500) } } as never),
      // A breaker of its own to open; no client named: the default one from the slug.
      tenantSpec('faulty', {
        registers: { population: { url: `${sandboxBase}/registers/population`, timeoutMs: 2_000 } },
      } as never),
    ]);
    tenants = Object.fromEntries(seeded.map((t) => [t.slug, t]));
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    registers = await NestFactory.createApplicationContext(RegistersTestModule.forRoot(loadConfig(ApiConfig, env)), {
      logger: false,
    });
    await registers.init();
    population = registers.get(PopulationRegister, { strict: false });
    property = registers.get(PropertyRegister, { strict: false });
  });

  afterEach(async () => {
    for (const name of ['population', 'property', 'business']) await heal(name);
  });

  afterAll(async () => {
    await registers?.close();
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  /** Runs work as a municipality would (a request's or job's tenant context), no transaction held. */
  function as<T>(slug: string, work: () => Promise<T>): Promise<T> {
    const cls = registers.get(ClsService);
    return cls.run(() => {
      cls.set(TENANT_KEY, { id: tenants[slug].id, slug });
      return work();
    });
  }

  async function requestsTo(name: string): Promise<number> {
    const response = await fetch(`${sandboxBase}/registers/${name}/stats`);
    return ((await response.json()) as { requests: number }).requests;
  }

  async function fault(name: string, body: Record<string, unknown>): Promise<Response> {
    return fetch(`${sandboxBase}/registers/${name}/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async function heal(name: string): Promise<void> {
    await fetch(`${sandboxBase}/registers/${name}/faults`, { method: 'DELETE' });
  }

  /** The error a look-up failed with (fails the test when it succeeds). */
  async function failure(work: Promise<unknown>): Promise<RegisterUnavailableError> {
    const error = await work.then(
      () => new Error('the look-up succeeded'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegisterUnavailableError);
    return error as RegisterUnavailableError;
  }

  it('answers as an X-Road service: the consumer names itself, answers carry an X-Road-Id, input is checked', async () => {
    const mari = persona('mari-maasikas');
    const url = `${sandboxBase}/registers/population/v1/persons/EE/${mari.personalCode}`;
    const anonymous = await fetch(url, { headers: { Accept: 'application/json' } });
    expect(anonymous.status).toBe(400);
    expect(await anonymous.text()).toContain('X-Road-Client');
    const named = await fetch(url, { headers: { 'X-Road-Client': 'EE/GOV/tartu/townhall' } });
    expect(named.status).toBe(200);
    expect(named.headers.get('x-road-id')).toMatch(/^sandbox-population-/);
    const client = { 'X-Road-Client': 'EE/GOV/tartu/townhall', Accept: 'application/json' };
    const badCode = await fetch(`${sandboxBase}/registers/population/v1/persons/EE/<script>`, { headers: client });
    expect(badCode.status).toBe(400);
    expect(await badCode.text()).toContain('personalCode');
    const badRange = await fetch(
      `${sandboxBase}/registers/population/v1/persons?municipality=0793&bornFrom=2000-01-01&bornTo=1999-12-31`,
      { headers: client },
    );
    expect(badRange.status).toBe(400);
    expect(await badRange.text()).toContain('bornTo');
    const badOwner = await fetch(`${sandboxBase}/registers/property/v1/units?ownerCountry=XX&ownerCode=1`, {
      headers: client,
    });
    expect(badOwner.status).toBe(400);
    expect(await badOwner.text()).toContain('ownerCountry');

    const tooSlow = await fault('population', { delayMs: 60_001 });
    expect(tooSlow.status).toBe(400);
    expect(await tooSlow.text()).toContain('delayMs');
    const notAFault = await fault('population', { status: 404 });
    expect(notAFault.status).toBe(400);
    expect(await notAFault.text()).toContain('status');
    const noSuchRegister = await fault('weather', { status: 503 });
    expect(noSuchRegister.status).toBe(400);
    expect(await noSuchRegister.text()).toContain('register');
  });

  it('returns the seeded people and property of the population and property registers', async () => {
    const mari = await as('tartu', () => population.person(persona('mari-maasikas'), anyone()));
    expect(mari).toMatchObject({
      givenName: 'Mari',
      familyName: 'Maasikas',
      dateOfBirth: '1980-01-08',
      address: { street: 'Tähe 87', postalCode: '50107', city: 'Tartu', country: 'EE' },
      residenceMunicipality: { code: '0793', name: 'Tartu linn' },
      children: [],
    });
    const maarja = await as('tartu', () => population.person(persona('maarja-kask'), anyone()));
    expect(maarja!.children.map((c) => [c.givenName, c.dateOfBirth])).toEqual([
      ['Mia', '2015-06-30'],
      ['Oskar', '2018-02-11'],
    ]);
    expect(await as('tartu', () => population.person({ country: 'EE', personalCode: '39901010000' }, anyone()))).toBe(
      null,
    );

    // Who in Espoo turns 68 within the next two months (the +68 wristband).
    const today = new Date();
    const day = (years: number, days: number) =>
      new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() + days))
        .toISOString()
        .slice(0, 10);
    const turning68 = await as('espoo', () =>
      population.residents({ municipalityCode: '049', bornFrom: day(68, 1), bornTo: day(68, 60) }),
    );
    expect(turning68.map((p) => `${p.givenName} ${p.familyName}`)).toEqual(['Pekka Korhonen', 'Liisa Nieminen']);
    expect(turning68.every((p) => p.residenceMunicipality.code === '049')).toBe(true);

    const owned = await as('tartu', () =>
      property.unitsOwnedBy({ country: 'EE', code: persona('mari-maasikas').personalCode }, anyone()),
    );
    expect(owned.map((u) => [u.cadastralId, u.address.street, u.purpose])).toEqual([
      ['79507:035:0012', 'Tähe 87', 'residential'],
    ]);
    const shared = await as('tartu', () => property.unit('79514:001:0240', anyone()));
    expect(shared!.owners.map((o) => [o.kind, o.name, o.share])).toEqual([
      ['person', 'Jaan Tamm', '1/2'],
      ['company', 'Tartu Puit OÜ', '1/2'],
    ]);
    expect(await as('tartu', () => property.unit('79599:999:9999', anyone()))).toBe(null);
  });

  it('keeps answers for a while, per municipality: another municipality asking gets its own', async () => {
    const jaan = persona('jaan-tamm');
    const before = await requestsTo('population');
    const first = await as('tartu', () => population.person(jaan, anyone()));
    const again = await as('tartu', () => population.person(jaan, anyone()));
    expect(again).toEqual(first);
    expect(await requestsTo('population')).toBe(before + 1);
    const espoos = await as('espoo', () => population.person(jaan, anyone()));
    expect(espoos).toEqual(first);
    expect(await requestsTo('population')).toBe(before + 2);
  });

  it('gives up on a register slower than the municipality’s timeout, in about the timeout', async () => {
    expect((await fault('population', { delayMs: 5_000 })).status).toBe(200);
    const before = await requestsTo('population');
    const started = Date.now();
    const error = await failure(as('slow', () => population.person(persona('elena-dimitrova'), anyone())));
    const took = Date.now() - started;
    expect(error.reason).toBe('timed out');
    expect(error.register).toBe('population');
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(1_200);
    // The deadline covers the retry too: no second request after the time is up.
    expect(await requestsTo('population')).toBe(before + 1);
  });

  it('retries a 5xx once: a register failing once still answers', async () => {
    expect((await fault('population', { status: 503, times: 1 })).status).toBe(200);
    const before = await requestsTo('population');
    const ivan = await as('tartu', () => population.person(persona('ivan-petrov'), anyone()));
    expect(ivan?.residenceMunicipality).toEqual({ code: '68850', name: 'Stara Zagora' });
    expect(await requestsTo('population')).toBe(before + 2);
  });

  it('opens the circuit after repeated failures, fails fast without calling the register, and closes again', async () => {
    expect((await fault('population', { status: 503 })).status).toBe(200);
    const codes = CITIZENS.filter((p) => p.personalCode).map((p) => ({
      country: p.country!,
      personalCode: p.personalCode!,
    }));

    // A 5xx is retried once, then reported.
    let before = await requestsTo('population');
    const first = await failure(as('faulty', () => population.person(codes[0], anyone())));
    expect([first.reason, first.detail]).toEqual(['answered 5xx', 'answered 503']);
    expect(await requestsTo('population')).toBe(before + 2);
    for (let i = 1; i < FAILURE_THRESHOLD; i++) {
      expect((await failure(as('faulty', () => population.person(codes[i], anyone())))).reason).toBe('answered 5xx');
    }

    // Open: no request reaches the register, and the answer is immediate.
    before = await requestsTo('population');
    const started = Date.now();
    const open = await failure(as('faulty', () => population.person(codes[4], anyone())));
    expect(open.reason).toBe('circuit open');
    expect(Date.now() - started).toBeLessThan(250);
    await heal('population');
    // Healthy again, but the breaker does not know it yet.
    expect((await failure(as('faulty', () => population.person(codes[4], anyone())))).reason).toBe('circuit open');
    expect(await requestsTo('population')).toBe(before);
    // Another municipality's breaker is its own: Tartu still reaches the register.
    expect(await as('tartu', () => population.person(codes[5], anyone()))).not.toBeNull();
    expect(await requestsTo('population')).toBe(before + 1);

    // After resetTimeout one look-up is let through; it succeeds and the circuit closes.
    await new Promise((resolve) => setTimeout(resolve, RESET_TIMEOUT_MS + 200));
    before = await requestsTo('population');
    expect((await as('faulty', () => population.person(codes[4], anyone())))?.personalCode).toBe(codes[4].personalCode);
    expect((await as('faulty', () => population.person(codes[6], anyone())))?.personalCode).toBe(codes[6].personalCode);
    expect(await requestsTo('population')).toBe(before + 2);
  });

  it('writes look-ups about a citizen to their data-access log, shown on "Who has seen my data"', async () => {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at('tartu', '/auth/login'), {
      persona: 'mari-maasikas',
      level: 'high',
    });
    expect((await browser.request(callback)).status).toBe(303);
    const [citizen] = await db.query<{ id: string }>(
      `select id from citizens where tenant_id = $1 and national_id = $2`,
      [tenants.tartu.id, persona('mari-maasikas').personalCode],
    );
    const mari = persona('mari-maasikas');
    await as('tartu', () => population.person(mari, { personId: citizen.id, reason: 'prefilling your application' }));
    await as('tartu', () =>
      property.unitsOwnedBy(
        { country: mari.country, code: mari.personalCode },
        { personId: citizen.id, reason: 'checking the property of your felling permit application' },
      ),
    );
    // A failed look-up read nothing: nothing is recorded.
    await fault('property', { status: 500 });
    await failure(
      as('tartu', () => property.unit('79507:035:0012', { personId: citizen.id, reason: 'should not be logged' })),
    );

    const rows = await db.query<{ action: string; actor_kind: string; actor_name: string; reason: string }>(
      `select action, actor_kind, actor_name, reason, detail from data_access_log
        where tenant_id = $1 and person_id = $2 order by occurred_at`,
      [tenants.tartu.id, citizen.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'register-query',
        actor_kind: 'register',
        actor_name: 'Population register',
        reason: 'prefilling your application',
        detail: expect.stringContaining('address') as unknown,
      }),
      expect.objectContaining({
        action: 'register-query',
        actor_kind: 'register',
        actor_name: 'Property register',
        reason: 'checking the property of your felling permit application',
      }),
    ]);

    const page = await browser.request(at('tartu', '/me/data-access'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Population register');
    expect(page.body).toContain('prefilling your application');
    expect(page.body).toContain('Property register');
    expect(page.body).not.toContain('should not be logged');
  });

  it('fails clearly for a register the municipality has not configured', async () => {
    const error = await failure(as('espoo', () => property.unit('79507:035:0012', anyone())));
    expect(error.reason).toBe('not configured');
    expect(await as('espoo', () => property.available())).toBe(false);
  });
});
