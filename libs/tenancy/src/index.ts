export * from './domain/tenant.entity.js';
export * from './domain/tenant-logo.js';
export * from './domain/countries.js';
export * from './domain/tenancy.exception.js';
export * from './context/tenant-context.js';
export * from './persistence/tenant-database.js';
export * from './persistence/tenant-scoped.repository.js';
export * from './persistence/tenant-table.sql.js';
export * from './persistence/tenants.repository.js';
export * from './persistence/migrations/1764000000000-CreateTenants.js';
export * from './resolution/parse-host.js';
export * from './resolution/tenant-resolver.js';
export * from './resolution/tenant-changes.js';
export * from './resolution/tenant-cache.js';
export * from './resolution/public-responses.js';
export * from './resolution/tenant-host.hooks.js';
export * from './provisioning/tenant-provisioning-step.js';
export * from './provisioning/provision-tenant.use-case.js';
export * from './onboarding/dto/tenant-spec.request.dto.js';
export * from './onboarding/create-tenant.use-case.js';
export * from './jobs/tenant-job.js';
export * from './jobs/tenant-job.runner.js';
export * from './jobs/tenant-job-batches.js';
export * from './jobs/tenant-sweep.js';
export * from './tenants-as-code/apply-tenant-files.use-case.js';
export * from './tenancy.module.js';

import { CreateTenants1764000000000 } from './persistence/migrations/1764000000000-CreateTenants.js';
import { TenantRegisters1764000600000 } from './persistence/migrations/1764000600000-TenantRegisters.js';
import { TenantCountry1764004000000 } from './persistence/migrations/1764004000000-TenantCountry.js';
import { TenantProactiveServices1764003710000 } from './persistence/migrations/1764003710000-TenantProactiveServices.js';
import { TenantEntity } from './domain/tenant.entity.js';
export const tenancyMigrations = [
  CreateTenants1764000000000,
  TenantRegisters1764000600000,
  TenantProactiveServices1764003710000,
  TenantCountry1764004000000,
];
export const tenancyEntities = [TenantEntity];
