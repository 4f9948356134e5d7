import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createHttpApp, loadConfig } from '@townhall/platform';
import { ApplyTenantFilesUseCase, logoDataUrl, TenantSpecRequestDto, type TenantEntity } from '@townhall/tenancy';
import { plainToInstance } from 'class-transformer';
import { AdminConfig } from '../../apps/admin/src/admin.config.js';
import { AdminModule } from '../../apps/admin/src/admin.module.js';
import { CliConfig } from '../../apps/admin/src/cli/cli.config.js';
import { CliModule } from '../../apps/admin/src/cli/cli.module.js';
import { ApiConfig } from '../../apps/api/src/api.config.js';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { WorkerConfig } from '../../apps/worker/src/worker.config.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { REDIS_URL } from './environment.js';
import type { TestDatabase } from './test-database.js';

/**
 * The settings every app of one test file shares: its database and its own queue prefix.
 * DATABASE_URL is the tenant host's (app role); admin, worker and seeding use
 * PLATFORM_DATABASE_URL instead, as `npm start` gives them (see platformEnv).
 */
export function testEnv(db: TestDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: db.appUrl,
    PLATFORM_DATABASE_URL: db.platformUrl,
    REDIS_URL,
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...extra,
  };
}

async function httpApp(root: unknown): Promise<INestApplication> {
  const app = await createHttpApp(root, { title: 'test', description: 'test', logger: false, swaggerUi: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

export function startApi(env: Record<string, string>): Promise<INestApplication> {
  return httpApp(ApiModule.forRoot(loadConfig(ApiConfig, env)));
}

/** The environment of admin, worker and the CLI: the platform role's connection. */
export function platformEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return env.PLATFORM_DATABASE_URL ? { ...env, DATABASE_URL: env.PLATFORM_DATABASE_URL } : env;
}

export function startAdmin(env: Record<string, string>): Promise<INestApplication> {
  return httpApp(AdminModule.forRoot(loadConfig(AdminConfig, platformEnv(env))));
}

export function startWorker(env: Record<string, string>): Promise<INestApplication> {
  return httpApp(WorkerModule.forRoot(loadConfig(WorkerConfig, platformEnv(env))));
}

/** A minimal valid municipality; override what a test cares about. */
export function tenantSpec(slug: string, overrides: Partial<TenantSpecRequestDto> = {}): TenantSpecRequestDto {
  const spec = plainToInstance(TenantSpecRequestDto, {
    slug,
    name: `Municipality ${slug}`,
    locales: ['en', 'et'],
    defaultLocale: 'en',
    timeZone: 'Europe/Tallinn',
    currency: 'EUR',
    branding: { primaryColor: '#00558c' },
    services: [
      // Templates (libs/catalogue/service-templates), titled after the municipality so that a
      // test can tell whose service it sees; the land tax exemption needs a high eID level.
      { template: 'land-tax-exemption', customisation: { texts: { title: { en: `Land tax in ${slug}` } } } },
      { template: 'felling-permit', customisation: { texts: { title: { en: `Felling permits of ${slug}` } } } },
    ],
    ...overrides,
  });
  // A seed municipality's logo (tenants/<slug>/logo.svg), as its tenant file gives it.
  const logo = `tenants/${slug}/logo.svg`;
  if (!spec.branding.logoUrl && !spec.branding.logoDataUrl && existsSync(logo)) {
    spec.branding.logoDataUrl = logoDataUrl(readFileSync(logo));
  }
  return spec;
}

/** What the CLI runs in (no HTTP, no queues), connected as the platform role. */
export function startCli(env: Record<string, string>): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CliModule.forRoot(loadConfig(CliConfig, platformEnv(env))), {
    logger: false,
  });
}

/**
 * Sets municipalities up through the same code path as tenants/*.yaml, in a CLI context
 * connected as the platform role (the tenant host may not write tenants).
 */
export async function seedTenants(env: Record<string, string>, specs: TenantSpecRequestDto[]): Promise<TenantEntity[]> {
  const cli = await startCli(env);
  try {
    return await cli.get(ApplyTenantFilesUseCase).applySpecs(specs);
  } finally {
    await cli.close();
  }
}
