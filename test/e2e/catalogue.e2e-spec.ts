import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { seedTenants, startApi, tenantSpec, testEnv } from '../support/apps.js';
import { validateCpsvAp } from '../support/shacl.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The public catalogue of each municipality, built from the platform's templates and the
 * municipality's customisation: searched with PostgreSQL's text search in the searcher's
 * language, and exported as CPSV-AP 3.2.0 that passes the official SHACL shapes.
 */
describe('the public catalogue', () => {
  let db: TestDatabase;
  let api: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db);
    await seedTenants(env, [
      tenantSpec('tartu', {
        name: 'Tartu linn',
        locales: ['et', 'en'],
        defaultLocale: 'et',
        services: [
          { template: 'felling-permit', customisation: { department: 'Linnamajanduse osakond' } },
          { template: 'hobby-activity-support' },
        ],
      } as never),
      tenantSpec('stockholm', {
        name: 'Stockholms stad',
        locales: ['sv', 'en'],
        defaultLocale: 'sv',
        timeZone: 'Europe/Stockholm',
        currency: 'SEK',
        services: [{ template: 'residential-parking-permit' }, { template: 'preschool-place' }],
      } as never),
      // Its country is its setting, whatever its time zone says.
      tenantSpec('vaduz', {
        name: 'Gemeinde Vaduz',
        locales: ['en'],
        defaultLocale: 'en',
        timeZone: 'Europe/Vaduz',
        country: 'LI',
        services: [{ template: 'felling-permit' }],
      } as never),
    ]);
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const get = (slug: string, path: string) => request(api.getHttpServer()).get(path).set('Host', `${slug}.localhost`);
  const found = async (slug: string, locale: string, q: string) =>
    (await get(slug, `/api/v1/services?locale=${locale}&q=${encodeURIComponent(q)}`).expect(200)).body.items.map(
      (s: { code: string }) => s.code,
    );

  it('finds "parking" in English, "parkering" in Swedish and "raie" in Estonian, in the right municipality only', async () => {
    expect(await found('stockholm', 'en', 'parking')).toEqual(['residential-parking-permit']);
    expect(await found('stockholm', 'sv', 'parkering')).toEqual(['residential-parking-permit']);
    expect(await found('tartu', 'et', 'raie')).toEqual(['felling-permit']);
    // Tartu offers no parking permit, Stockholm no felling permit: neither finds the other's.
    expect(await found('tartu', 'en', 'parking')).toEqual([]);
    expect(await found('stockholm', 'et', 'raie')).toEqual([]);
    // Stemmed in English: "permits" finds "permit"; words that match nothing find nothing.
    expect(await found('tartu', 'en', 'felling permits')).toEqual(['felling-permit']);
    expect(await found('tartu', 'en', 'zebra crossing')).toEqual([]);
    // Punctuation and operators of the query language are only characters.
    expect(await found('tartu', 'et', "raie' & | ! :*")).toEqual(['felling-permit']);
  });

  it('exports the catalogue as CPSV-AP that conforms to the official shapes, naming authority, cost and channel', async () => {
    for (const slug of ['tartu', 'stockholm']) {
      const res = await get(slug, '/api/v1/services.jsonld').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
      const document = JSON.parse(res.text) as { '@graph': Record<string, unknown>[] };
      const report = await validateCpsvAp(document);
      expect({ slug, violations: report.violations }).toEqual({ slug, violations: [] });
      expect(report.conforms).toBe(true);

      const graph = document['@graph'];
      const services = graph.filter((n) => n['@type'] === 'cpsv:PublicService' || n['@type'] === 'PublicService');
      expect(services.length).toBe(2);
      for (const service of services) {
        expect(service['dct:title']).toBeDefined();
        expect(service['cv:hasCompetentAuthority']).toBeDefined();
        expect(service['cv:hasChannel']).toBeDefined();
      }
    }
    // Stockholm's parking permit has a fee: its cost is in the export, in kronor.
    const stockholm = (await get('stockholm', '/api/v1/services.jsonld').expect(200)).text;
    expect(stockholm).toContain('cv:Cost');
    expect(stockholm).toContain('http://publications.europa.eu/resource/authority/currency/SEK');
    expect(stockholm).toContain('Stockholms stad');
    // The competent authority's place: the municipality's country setting.
    const vaduz = (await get('vaduz', '/api/v1/services.jsonld').expect(200)).text;
    expect(vaduz).toContain('http://publications.europa.eu/resource/authority/country/LIE');
    expect((await validateCpsvAp(JSON.parse(vaduz))).violations).toEqual([]);
  });

  it('shows a service page with what it is, who can apply, the fee, the eID level and how long it takes', async () => {
    const page = (await get('tartu', '/services/felling-permit').set('Accept-Language', 'et').expect(200)).text;
    for (const text of ['Raieluba', 'Kes saab taotleda', 'Tasuta', 'Menetlusaeg', 'Linnamajanduse osakond']) {
      expect(page).toContain(text);
    }
  });
});
