import type { INestApplication } from '@nestjs/common';
import { TenantDatabase, type TenantEntity } from '@townhall/tenancy';
import { seedTenants, startApi, tenantSpec, testEnv } from '../../../../test/support/apps.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { ServiceEntity } from '../domain/service.entity.js';
import { ServicesRepository } from './services.repository.js';

/**
 * listEnabled() is a fixed find (its SQL built once, rows made entities without find()'s
 * hydrator): it must answer exactly what find() with the same options answers, as entities,
 * for the tenant of the transaction only.
 */
describe('ServicesRepository.listEnabled', () => {
  let db: TestDatabase;
  let api: INestApplication;
  let alpha: TenantEntity;
  let bravo: TenantEntity;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db);
    const templates = ['felling-permit', 'land-tax-exemption', 'project-grant', 'hobby-activity-support'];
    const services = (slug: string) =>
      ['bb', 'aa', 'cc', 'aa'].map((category, i) => ({
        template: templates[i],
        customisation: { category, texts: { title: { en: `Service ${i} of ${slug}`, et: `Teenus ${i}` } } },
      }));
    [alpha, bravo] = await seedTenants(env, [
      tenantSpec('fixed-alpha', { services: services('alpha') }),
      tenantSpec('fixed-bravo', { services: services('bravo') }),
    ]);
    await db.query(
      `update services set enabled = false where code = 'project-grant' and tenant_id = (select id from tenants where slug = 'fixed-alpha')`,
    );
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.close();
    await db.drop();
  });

  it('answers what find() answers, entities of the tenant in the catalogue order', async () => {
    const tenantDb = api.get(TenantDatabase);
    const repository = api.get(ServicesRepository);
    for (const tenant of [alpha, bravo, alpha]) {
      const [fixed, found] = await tenantDb.readAs(tenant, async (manager) => [
        await repository.listEnabled(),
        await manager.find(ServiceEntity, {
          where: { tenantId: tenant.id, enabled: true },
          order: { category: 'ASC', position: 'ASC', code: 'ASC' },
        }),
      ]);
      expect(fixed).toStrictEqual(found);
      expect(fixed.every((service) => service instanceof ServiceEntity && service.tenantId === tenant.id)).toBe(true);
      expect(fixed[0].createdAt).toBeInstanceOf(Date);
    }
    const codes = await tenantDb.readAs(alpha, async () => (await repository.listEnabled()).map((s) => s.code));
    expect(codes).toEqual(['land-tax-exemption', 'hobby-activity-support', 'felling-permit']);
  });
});
