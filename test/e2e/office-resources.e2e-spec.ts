import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { addDays, instantOf, wallTimeAt } from '@townhall/bookings';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { HttpBrowser, hiddenField } from '../support/http-browser.js';
import { pickPersona, sandboxProviders, startSandbox } from '../support/sandbox.js';
import { samplePdf } from '../support/sample-files.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TALLINN = 'Europe/Tallinn';
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const everyDay = (hours: string) =>
  Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [`hours_${d}`, hours]),
  );

/**
 * Institutions and their bookable resources managed in the office (issue 8 item 4): an admin
 * adds them on the office pages, a mistake is refused naming the field and nothing is saved,
 * a case handler only sees, another municipality sees nothing; a photo is checked by its
 * content and shown with its text alternative; what the tenant file sets is read-only; a
 * new resource is bookable on the portal at once; a city system reads bookings with a key.
 */
describe('managing bookable resources in the office', () => {
  let db: TestDatabase;
  let sandbox: INestApplication;
  let api: INestApplication;
  let port: number;
  let admin: { browser: HttpBrowser; csrf: string };
  let handler: { browser: HttpBrowser; csrf: string };
  let institutionId: string;
  let resourceId: string;
  let photoId: string;
  let reference: string;
  let env: Record<string, string>;
  let tartuSpec: ReturnType<typeof tenantSpec>;

  const at = (slug: string, path = '') => `http://${slug}.localhost:${port}${path}`;
  const json = (csrf: string) => ({ Accept: 'application/json', 'X-CSRF-Token': csrf });

  beforeAll(async () => {
    db = await createTestDatabase();
    const started = await startSandbox();
    sandbox = started.app;
    env = testEnv(db);
    tartuSpec = tenantSpec('tartu', {
      identityProvider: sandboxProviders(started.base, 'tartu'),
      staff: [
        { email: 'admin@tartu.example.eu', name: 'Anna Admin', role: 'admin' },
        { email: 'handler@tartu.example.eu', name: 'Hanna Handler', role: 'handler' },
      ],
      bookings: {
        institutions: [
          {
            code: 'raekoda',
            name: { en: 'Town Hall', et: 'Raekoda' },
            address: 'Raekoja plats 1, Tartu',
            resources: [
              {
                code: 'raekoda-meeting-room',
                kind: 'room',
                name: { en: 'Meeting room' },
                bookableHours: { monday: ['09:00-17:00'] },
                minMinutes: 60,
                maxMinutes: 120,
              },
            ],
          },
        ],
      },
    } as never);
    await seedTenants(env, [
      tartuSpec,
      tenantSpec('espoo', {
        identityProvider: sandboxProviders(started.base, 'espoo'),
        staff: [{ email: 'admin@espoo.example.eu', name: 'Anna Admin', role: 'admin' }],
      } as never),
    ]);
    api = await startApi(env);
    port = (api.getHttpServer().address() as AddressInfo).port;
    admin = await official('tartu', 'tartu-admin');
    handler = await official('tartu', 'tartu-handler');
  });

  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
    await db?.drop();
  });

  async function official(slug: string, persona: string): Promise<{ browser: HttpBrowser; csrf: string }> {
    const browser = new HttpBrowser();
    const { callback } = await pickPersona(browser, at(slug, '/office/auth/login'), { persona, level: 'substantial' });
    expect((await browser.request(callback)).status).toBe(303);
    const page = await browser.request(at(slug, '/office'));
    return { browser, csrf: hiddenField(page.body, '_csrf')! };
  }

  const officeResources = () =>
    db.query<{ id: string; price_per_hour: number; bookable_hours: unknown; enabled: boolean }>(
      `select id, price_per_hour, bookable_hours, enabled from resources where managed_by = 'office'`,
    );

  it('lets an admin add an institution on the office page', async () => {
    const form = await admin.browser.request(at('tartu', '/office/institutions/new'));
    expect(form.status).toBe(200);
    const empty = await admin.browser.request(at('tartu', '/office/institutions'), {
      form: { _csrf: admin.csrf, name_et: '', name_en: '', address: '' },
    });
    expect(empty.status).toBe(422);
    expect(empty.body).toContain('class="error-summary"');
    expect(empty.body).toContain('name needs a text in at least one language');
    expect(empty.body).toContain('href="#address"');
    const made = await admin.browser.request(at('tartu', '/office/institutions'), {
      form: {
        _csrf: admin.csrf,
        name_et: 'Annelinna spordihoone',
        name_en: 'Annelinn sports centre',
        address: 'Kaunase pst 40, Tartu',
        email: 'sport@tartu.example.eu',
        phone: '+372 736 1234',
      },
    });
    expect(made.status).toBe(303);
    institutionId = /\/office\/institutions\/([0-9a-f-]{36})/.exec(made.headers.location as string)![1];
    const [row] = await db.query<Record<string, unknown>>(`select * from institutions where id = $1`, [institutionId]);
    expect(row).toMatchObject({
      name: { et: 'Annelinna spordihoone', en: 'Annelinn sports centre' },
      contacts: { email: 'sport@tartu.example.eu', phone: '+372 736 1234' },
      managed_by: 'office',
    });
    const list = await admin.browser.request(at('tartu', '/office/resources'), {
      headers: { 'Accept-Language': 'en' },
    });
    expect(list.body).toContain('Annelinn sports centre');
    expect(list.body).toContain('Town Hall');
  });

  it('refuses a resource with bad hours, durations or price, naming each field, and saves nothing', async () => {
    const bad = await admin.browser.request(at('tartu', '/office/resources'), {
      form: {
        _csrf: admin.csrf,
        institutionId,
        kind: 'sports',
        name_en: 'Small gym',
        price: 'fifty',
        ...everyDay(''),
        hours_monday: '21:00-17:00',
        hours_tuesday: '17:00-2100',
        slotMinutes: '30',
        minMinutes: '120',
        maxMinutes: '60',
        enabled: 'true',
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('bookableHours.monday: &quot;21:00-17:00&quot; is not a time of day like 17:00-21:00');
    expect(bad.body).toContain('bookableHours.tuesday: &quot;17:00-2100&quot;');
    expect(bad.body).toContain('maxMinutes must not be less than minMinutes');
    expect(bad.body).toContain('price per hour must be an amount like 50.00');
    expect(bad.body).toMatch(/id="hours-monday" name="hours_monday"[^>]*aria-invalid="true"/);
    expect(bad.body).toContain('href="#pricePerHour"');
    // What was typed stays in the form.
    expect(bad.body).toContain('value="Small gym"');
    expect(await officeResources()).toEqual([]);
  });

  it('saves a good resource, the price typed as 12.50 kept as 1250 minor units', async () => {
    const made = await admin.browser.request(at('tartu', '/office/resources'), {
      form: {
        _csrf: admin.csrf,
        institutionId,
        kind: 'sports',
        name_en: 'Small gym',
        name_et: 'Väike võimla',
        description_en: 'A gym for ball games',
        capacity: '40',
        areaM2: '300',
        equipment: 'basketball hoops\nbenches',
        price: '12.50',
        ...everyDay('08:00 - 12:00, 13:00-22:00'),
        slotMinutes: '60',
        minMinutes: '60',
        maxMinutes: '180',
        leadMinutes: '0',
        cancellationNoticeMinutes: '60',
        enabled: 'true',
      },
    });
    expect(made.status).toBe(303);
    resourceId = /\/office\/resources\/([0-9a-f-]{36})/.exec(made.headers.location as string)![1];
    const [row] = await officeResources();
    expect(row).toMatchObject({
      id: resourceId,
      price_per_hour: 1250,
      enabled: true,
      bookable_hours: expect.objectContaining({ monday: ['08:00-12:00', '13:00-22:00'] }),
    });
    const page = await admin.browser.request(at('tartu', `/office/resources/${resourceId}`));
    expect(page.body).toContain('value="12.50"');
    const got = await admin.browser.request(at('tartu', `/api/v1/office/resources/${resourceId}`), {
      headers: json(admin.csrf),
    });
    expect(JSON.parse(got.body)).toMatchObject({
      pricePerHour: 1250,
      currency: 'EUR',
      equipment: ['basketball hoops', 'benches'],
      managedBy: 'office',
      needsApproval: false,
    });
  });

  it('lets an admin change it over JSON, refusing a bad field with 422 naming it', async () => {
    const current = JSON.parse(
      (
        await admin.browser.request(at('tartu', `/api/v1/office/resources/${resourceId}`), {
          headers: json(admin.csrf),
        })
      ).body,
    );
    const body = {
      institutionId,
      kind: 'sports',
      name: current.name,
      description: current.description,
      capacity: 40,
      areaM2: 300,
      equipment: current.equipment,
      pricePerHour: 0,
      bookableHours: current.bookableHours,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 180,
    };
    const bad = await admin.browser.request(at('tartu', `/api/v1/office/resources/${resourceId}`), {
      method: 'PUT',
      json: { ...body, bookableHours: { funday: ['10:00-12:00'], monday: ['12:00-10:00'] } },
      headers: json(admin.csrf),
    });
    expect(bad.status).toBe(422);
    const problem = JSON.parse(bad.body) as { errors: { field: string; message: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['bookableHours.funday', 'bookableHours.monday']),
    );
    expect((await officeResources())[0].price_per_hour).toBe(1250);

    const good = await admin.browser.request(at('tartu', `/api/v1/office/resources/${resourceId}`), {
      method: 'PUT',
      json: body,
      headers: json(admin.csrf),
    });
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toMatchObject({ pricePerHour: 0, enabled: true });
  });

  it('is bookable on the portal at once', async () => {
    const mari = new HttpBrowser();
    const login = await pickPersona(mari, at('tartu', '/auth/login'), {
      persona: 'mari-maasikas',
      level: 'substantial',
    });
    await mari.request(login.callback);
    const listed = JSON.parse(
      (await mari.request(at('tartu', '/api/v1/resources'), { headers: { Accept: 'application/json' } })).body,
    );
    expect(listed.resources.map((r: { id: string }) => r.id)).toContain(resourceId);
    const page = await mari.request(at('tartu', `/resources/${resourceId}`), { headers: { 'Accept-Language': 'en' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Small gym');
    const csrf = hiddenField(page.body, '_csrf')!;
    const tomorrow = addDays(wallTimeAt(new Date(), TALLINN), 2);
    const booked = await mari.request(at('tartu', '/api/v1/bookings'), {
      json: {
        resourceId,
        start: instantOf({ ...tomorrow, hour: 14, minute: 0 }, TALLINN).toISOString(),
        end: instantOf({ ...tomorrow, hour: 16, minute: 0 }, TALLINN).toISOString(),
      },
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
    });
    expect(booked.status).toBe(201);
    const booking = JSON.parse(booked.body) as { status: string; reference: string };
    expect(booking.status).toBe('confirmed');
    reference = booking.reference;
  });

  it('lets a case handler see the list but not edit', async () => {
    const list = await handler.browser.request(at('tartu', '/office/resources'), {
      headers: { 'Accept-Language': 'en' },
    });
    expect(list.status).toBe(200);
    expect(list.body).toContain('Small gym');
    expect(list.body).not.toContain('/office/resources/new');
    expect((await handler.browser.request(at('tartu', `/office/resources/${resourceId}`))).status).toBe(403);
    const post = await handler.browser.request(at('tartu', `/office/resources/${resourceId}`), {
      form: {
        _csrf: handler.csrf,
        institutionId,
        kind: 'room',
        name_en: 'Taken over',
        price: '0',
        minMinutes: '60',
        maxMinutes: '60',
      },
    });
    expect(post.status).toBe(403);
    const put = await handler.browser.request(at('tartu', `/api/v1/office/institutions/${institutionId}`), {
      method: 'PUT',
      json: { name: { en: 'Taken over' }, address: 'Nowhere' },
      headers: json(handler.csrf),
    });
    expect(put.status).toBe(403);
    const [row] = await db.query<{ name: unknown }>(`select name from resources where id = $1`, [resourceId]);
    expect(row.name).toEqual({ en: 'Small gym', et: 'Väike võimla' });
  });

  it("keeps the tenant file's resources read-only in the office", async () => {
    const [fromFile] = await db.query<{ id: string }>(`select id from resources where code = 'raekoda-meeting-room'`);
    const page = await admin.browser.request(at('tartu', `/office/resources/${fromFile.id}`), {
      headers: { 'Accept-Language': 'en' },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Set in the tenant file');
    expect(page.body).toContain('<fieldset disabled>');
    const post = await admin.browser.request(at('tartu', `/office/resources/${fromFile.id}`), {
      form: {
        _csrf: admin.csrf,
        institutionId,
        kind: 'room',
        name_en: 'Renamed',
        price: '0',
        hours_monday: '09:00-17:00',
        minMinutes: '60',
        maxMinutes: '120',
      },
    });
    expect(post.status).toBe(409);
    const [row] = await db.query<{ name: unknown }>(`select name from resources where id = $1`, [fromFile.id]);
    expect(row.name).toEqual({ en: 'Meeting room' });
  });

  it("keeps the office's resources when the tenant file is applied again", async () => {
    await seedTenants(env, [tartuSpec]);
    expect(await officeResources()).toEqual([expect.objectContaining({ id: resourceId, enabled: true })]);
    const [fromFile] = await db.query<{ enabled: boolean }>(
      `select enabled from resources where code = 'raekoda-meeting-room'`,
    );
    expect(fromFile.enabled).toBe(true);
  });

  it('takes a photo checked by its content, shows it on the public page with its alt text per language, and removes it', async () => {
    const upload = (bytes: Buffer, name: string, alt: string, altEt = '') => {
      const form = new FormData();
      form.append('_csrf', admin.csrf);
      form.append('alt_en', alt);
      form.append('alt_et', altEt);
      form.append('photo', new Blob([bytes]), name);
      return admin.browser.request(at('tartu', `/office/resources/${resourceId}/photos`), { multipart: form });
    };
    const disguised = await upload(samplePdf(), 'gym.jpg', 'The gym');
    expect(disguised.status).toBe(422);
    expect(disguised.body).toContain('is named like a JPEG image, but its content is a PDF document');
    const noAlt = await upload(PNG, 'gym.png', '  ');
    expect(noAlt.status).toBe(422);
    expect(noAlt.body).toContain('alt: describe what the photo shows');
    expect(noAlt.body).toContain('href="#alt-en"');
    expect(await db.query(`select id from resource_photos`)).toEqual([]);

    const added = await upload(PNG, 'gym.png', 'The gym with its basketball hoops', 'Võimla korvpallirõngastega');
    expect(added.status).toBe(303);
    const [photo] = await db.query<{ id: string; media_type: string; alt: unknown }>(
      `select id, media_type, alt from resource_photos`,
    );
    photoId = photo.id;
    expect(photo.media_type).toBe('image/png');
    expect(photo.alt).toEqual({ en: 'The gym with its basketball hoops', et: 'Võimla korvpallirõngastega' });

    // Each page language reads the text alternative of its own.
    const visitor = new HttpBrowser();
    const page = await visitor.request(at('tartu', `/resources/${resourceId}?lang=en`));
    expect(page.body).toContain(
      `<img src="/resources/${resourceId}/photos/${photoId}" alt="The gym with its basketball hoops"`,
    );
    const inEstonian = await visitor.request(at('tartu', `/resources/${resourceId}?lang=et`));
    expect(inEstonian.body).toContain(`alt="Võimla korvpallirõngastega"`);
    const image = await visitor.request(at('tartu', `/resources/${resourceId}/photos/${photoId}`));
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(image.headers['content-length'])).toBe(PNG.length);
    // Another municipality's host does not serve it.
    expect((await visitor.request(at('espoo', `/resources/${resourceId}/photos/${photoId}`))).status).toBe(404);

    const removed = await admin.browser.request(
      at('tartu', `/office/resources/${resourceId}/photos/${photoId}/remove`),
      { form: { _csrf: admin.csrf } },
    );
    expect(removed.status).toBe(303);
    expect((await visitor.request(at('tartu', `/resources/${resourceId}/photos/${photoId}`))).status).toBe(404);
    expect((await visitor.request(at('tartu', `/resources/${resourceId}?lang=en`))).body).not.toContain(
      '<img src="/resources/',
    );
  });

  it('shows nothing of it to another municipality', async () => {
    const espoo = await official('espoo', 'espoo-admin');
    const list = JSON.parse(
      (await espoo.browser.request(at('espoo', '/api/v1/office/resources'), { headers: json(espoo.csrf) })).body,
    );
    expect(list).toMatchObject({ institutions: [], resources: [] });
    expect((await espoo.browser.request(at('espoo', `/office/resources/${resourceId}`))).status).toBe(404);
    expect((await espoo.browser.request(at('espoo', `/office/institutions/${institutionId}`))).status).toBe(404);
    const put = await espoo.browser.request(at('espoo', `/api/v1/office/institutions/${institutionId}`), {
      method: 'PUT',
      json: { name: { en: 'Taken over' }, address: 'Nowhere' },
      headers: json(espoo.csrf),
    });
    expect(put.status).toBe(404);
    const page = await espoo.browser.request(at('espoo', '/office/resources'));
    expect(page.body).not.toContain('Small gym');
  });

  it('lets a city system read resources and bookings with a bookings:read key, and nothing personal', async () => {
    const makeKey = async (scopes: string[]) => {
      const made = await admin.browser.request(at('tartu', '/api/v1/office/api-keys'), {
        json: { name: `Sports system ${scopes.join(' ')}`, scopes },
        headers: json(admin.csrf),
      });
      expect(made.status).toBe(201);
      return (JSON.parse(made.body) as { key: string }).key;
    };
    const key = await makeKey(['bookings:read']);
    const bearer = (k: string) => ({ Accept: 'application/json', Authorization: `Bearer ${k}` });
    const system = new HttpBrowser();
    const resources = await system.request(at('tartu', '/api/v1/office/resources'), { headers: bearer(key) });
    expect(resources.status).toBe(200);
    expect(JSON.parse(resources.body).resources.map((r: { id: string }) => r.id)).toContain(resourceId);

    const from = new Date().toISOString();
    const to = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const read = await system.request(
      at(
        'tartu',
        `/api/v1/office/bookings?resource=${resourceId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&status=confirmed`,
      ),
      { headers: bearer(key) },
    );
    expect(read.status).toBe(200);
    const { bookings } = JSON.parse(read.body) as { bookings: Record<string, unknown>[] };
    expect(bookings).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        reference,
        resourceId,
        status: 'confirmed',
        start: expect.stringMatching(/T14:00:00\+0[23]:00$/),
        end: expect.stringMatching(/T16:00:00\+0[23]:00$/),
      },
    ]);
    expect(read.body).not.toMatch(/maasikas|booker|citizen/i);
    const cancelled = await system.request(at('tartu', `/api/v1/office/bookings?status=cancelled`), {
      headers: bearer(key),
    });
    expect(JSON.parse(cancelled.body).bookings).toEqual([]);
    const badQuery = await system.request(at('tartu', '/api/v1/office/bookings?status=lost&from=yesterday'), {
      headers: bearer(key),
    });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body).toContain('status must be one of');

    // Without the scope: 403 naming it; another municipality's host: the key is unknown there.
    const casesKey = await makeKey(['cases:read']);
    const refused = await system.request(at('tartu', '/api/v1/office/bookings'), { headers: bearer(casesKey) });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('bookings:read');
    expect((await system.request(at('espoo', '/api/v1/office/bookings'), { headers: bearer(key) })).status).toBe(401);
    // Writes are for admins with a session, never for a key.
    const write = await system.request(at('tartu', `/api/v1/office/resources/${resourceId}`), {
      method: 'PUT',
      json: { name: { en: 'x' } },
      headers: bearer(key),
    });
    expect([401, 403]).toContain(write.status);
  });
});
