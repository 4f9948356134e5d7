import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { ApplyTenantFilesUseCase } from '@townhall/tenancy';
import request from 'supertest';
import { platformEnv, startApi, startCli, testEnv } from '../support/apps.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const CLI = 'dist/apps/admin/src/cli.js';

/**
 * tenants/<slug>/tenant.yaml is applied idempotently in one transaction; a bad file is
 * reported with its path and field, and then nothing at all is applied.
 */
describe('tenants as code', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let api: INestApplication;
  let cli: INestApplicationContext;
  let scratch: string;

  const snapshot = () =>
    db.query(`
      select t.slug, t.name, t.status, t.locales, t.branding, t.managed_by,
             coalesce(json_agg(json_build_object('code', s.code, 'enabled', s.enabled, 'title', s.title, 'updated', s.updated_at)
                      order by s.code) filter (where s.code is not null), '[]') as services
        from tenants t left join services s on s.tenant_id = t.id
       group by t.id order by t.slug`);

  beforeAll(async () => {
    db = await createTestDatabase();
    env = testEnv(db);
    api = await startApi(env);
    // Applying files is the CLI's work, as the platform role.
    cli = await startCli(env);
    scratch = await mkdtemp(join(tmpdir(), 'townhall-tenants-'));
  });

  afterAll(async () => {
    await api?.close();
    await cli?.close();
    await rm(scratch, { recursive: true, force: true });
    await db.drop();
  });

  it('applies the four seed municipalities, and applying again changes nothing', async () => {
    const first = await run('node', [CLI, 'tenants-apply', 'tenants'], {
      env: { ...process.env, ...platformEnv(env) },
    });
    expect(first.stdout).toContain('applied 4 municipalities: espoo, stara-zagora, stockholm, tartu');
    const before = await snapshot();
    expect(before.map((t) => [t.slug, t.status, t.managed_by])).toEqual([
      ['espoo', 'active', 'file'],
      ['stara-zagora', 'active', 'file'],
      ['stockholm', 'active', 'file'],
      ['tartu', 'active', 'file'],
    ]);
    await cli.get(ApplyTenantFilesUseCase).execute('tenants');
    expect(await snapshot()).toEqual(before);

    const tartu = await request(api.getHttpServer())
      .get('/api/v1/services?locale=en')
      .set('Host', 'tartu.localhost:3000')
      .expect(200);
    expect(tartu.body.items.map((s: { code: string }) => s.code)).toContain('felling-permit');
  });

  it('disables a service that a file no longer lists, at once also in the kept public answer', async () => {
    const kept = await request(api.getHttpServer()).get('/api/v1/services').set('Host', 'tartu.localhost').expect(200);
    expect(kept.body.items.map((s: { code: string }) => s.code)).toContain('room-booking');
    await cp('tenants', join(scratch, 'edit'), { recursive: true });
    const file = join(scratch, 'edit', 'tartu', 'tenant.yaml');
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace(/ {2}- template: room-booking[\s\S]*$/, ''));
    await cli.get(ApplyTenantFilesUseCase).execute(join(scratch, 'edit'));
    const tartu = await request(api.getHttpServer()).get('/api/v1/services').set('Host', 'tartu.localhost').expect(200);
    expect(tartu.body.items.map((s: { code: string }) => s.code)).not.toContain('room-booking');
    await cli.get(ApplyTenantFilesUseCase).execute('tenants');
  });

  it('names the file and the field of a bad file, and applies nothing of any file', async () => {
    const before = await snapshot();
    await cp('tenants', join(scratch, 'bad'), { recursive: true });
    const espoo = join(scratch, 'bad', 'espoo', 'tenant.yaml');
    await writeFile(
      espoo,
      (await readFile(espoo, 'utf8')).replace('timeZone: Europe/Helsinki', 'timeZone: Europe/Espoo'),
    );
    const tartu = join(scratch, 'bad', 'tartu', 'tenant.yaml');
    await writeFile(tartu, (await readFile(tartu, 'utf8')).replace('name: Tartu linn', 'name: Tartu renamed'));
    const stockholm = join(scratch, 'bad', 'stockholm', 'tenant.yaml');
    await writeFile(
      stockholm,
      (await readFile(stockholm, 'utf8')).replace('locales: [sv, en]', 'locales: [sv, en, xx]'),
    );

    const failed = await run('node', [CLI, 'tenants-apply', join(scratch, 'bad')], {
      env: { ...process.env, ...env },
    }).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('espoo/tenant.yaml: timeZone: timeZone must be an IANA time zone');
    expect(failed.stderr).toContain('stockholm/tenant.yaml: locales: each locale must be one of');
    expect(failed.stderr).toContain('nothing was applied');
    expect(failed.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(await snapshot()).toEqual(before);
  });

  it("keeps each municipality's logo and serves it from its own host; a harmful or missing logo is refused", async () => {
    const served = await request(api.getHttpServer())
      .get('/branding/logo')
      .set('Host', 'tartu.localhost')
      .responseType('blob')
      .expect(200);
    expect(served.headers['content-type']).toBe('image/svg+xml');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toContain("default-src 'none'");
    expect(served.headers['cache-control']).toContain('immutable');
    expect((served.body as Buffer).toString('utf8')).toContain('aria-label="Tartu"');
    const again = await request(api.getHttpServer())
      .get('/branding/logo')
      .set('Host', 'tartu.localhost')
      .set('If-None-Match', served.headers.etag)
      .expect(304);
    expect(again.text).toBeFalsy();
    // Each municipality its own; the pages link it with its version.
    const espoo = await request(api.getHttpServer()).get('/branding/logo').set('Host', 'espoo.localhost').expect(200);
    expect(espoo.headers.etag).not.toBe(served.headers.etag);
    const home = await request(api.getHttpServer()).get('/').set('Host', 'tartu.localhost').expect(200);
    expect(home.text).toMatch(/<img src="\/branding\/logo\?v=[0-9a-f]{12}" alt="" width="48" height="56">Tartu linn/);

    const before = await snapshot();
    for (const [logo, content, message] of [
      [
        'logo.svg',
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        'logo.svg is an SVG with a script',
      ],
      ['logo.svg', 'GIF89a', 'logo.svg must be an SVG or PNG image'],
      ['missing.svg', null, 'there is no file missing.svg beside tenant.yaml'],
      ['../espoo/logo.svg', null, 'must name an .svg or .png file beside tenant.yaml'],
    ] as const) {
      const folder = join(scratch, `logo-${Math.random().toString(36).slice(2)}`);
      await cp('tenants', folder, { recursive: true });
      if (content !== null) await writeFile(join(folder, 'tartu', logo), content);
      const file = join(folder, 'tartu', 'tenant.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('logo: logo.svg', `logo: ${logo}`));
      const refused = await cli
        .get(ApplyTenantFilesUseCase)
        .execute(folder)
        .catch((e: Error) => e);
      expect(refused).toBeInstanceOf(Error);
      expect((refused as Error).message).toContain(`tartu/tenant.yaml: branding.logo: ${message}`);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('names the file when a file clashes with the database, and never takes over an onboarded tenant', async () => {
    await cp('tenants', join(scratch, 'clash'), { recursive: true });
    const espoo = join(scratch, 'clash', 'espoo', 'tenant.yaml');
    await writeFile(
      espoo,
      (await readFile(espoo, 'utf8')).replace('slug: espoo\n', 'slug: espoo\ndomains: [e-services.valga.ee]\n'),
    );
    // A tenant onboarded through the admin API owns that domain, and the slug valga.
    await db.query(
      `insert into tenants (slug, name, status, domains, locales, default_locale, time_zone, managed_by)
       values ('valga', 'Valga', 'active', '{e-services.valga.ee}', '{et}', 'et', 'Europe/Tallinn', 'api')`,
    );
    const before = await snapshot();
    const clash = await cli
      .get(ApplyTenantFilesUseCase)
      .execute(join(scratch, 'clash'))
      .catch((e) => e);
    expect(clash.message).toContain('espoo/tenant.yaml: A domain belongs to another municipality.');
    expect(clash.errors[0].field).toMatch(/espoo\/tenant\.yaml: domains$/);

    await cp('tenants/tartu', join(scratch, 'takeover', 'valga'), { recursive: true });
    const valga = join(scratch, 'takeover', 'valga', 'tenant.yaml');
    await writeFile(valga, (await readFile(valga, 'utf8')).replace('slug: tartu', 'slug: valga'));
    const takeover = await cli
      .get(ApplyTenantFilesUseCase)
      .execute(join(scratch, 'takeover'))
      .catch((e) => e);
    expect(takeover.message).toContain('valga was onboarded through the admin API');
    expect(await snapshot()).toEqual(before);
  });

  it('reports broken YAML and a slug that is not its folder', async () => {
    await cp('tenants', join(scratch, 'broken'), { recursive: true });
    await writeFile(join(scratch, 'broken', 'espoo', 'tenant.yaml'), 'slug: espoo\nname: [unclosed\n');
    const tartu = join(scratch, 'broken', 'tartu', 'tenant.yaml');
    await writeFile(tartu, (await readFile(tartu, 'utf8')).replace('slug: tartu', 'slug: tallinn'));
    const problem = await cli
      .get(ApplyTenantFilesUseCase)
      .read(join(scratch, 'broken'))
      .catch((e) => e);
    const fields = problem.errors.map((e: { field: string }) => e.field);
    expect(fields.some((f: string) => f.endsWith('espoo/tenant.yaml'))).toBe(true);
    expect(problem.errors).toContainEqual(
      expect.objectContaining({ message: "slug must be the folder's name (tartu)" }),
    );
  });
});
