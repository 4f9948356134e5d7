import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '@townhall/platform';
import { BrandingController } from './branding/branding.controller.js';
import { TenantEntity } from './domain/tenant.entity.js';
import { ProvisionTenantJob } from './jobs/provision-tenant.job.js';
import { ProvisioningSweeper } from './jobs/provisioning-sweeper.js';
import { TenantJobRunner } from './jobs/tenant-job.runner.js';
import { ChangeTenantStatusUseCase } from './onboarding/change-tenant-status.use-case.js';
import { CreateTenantUseCase } from './onboarding/create-tenant.use-case.js';
import { TenantsController } from './onboarding/tenants.controller.js';
import { TenantDatabase } from './persistence/tenant-database.js';
import { TenantsRepository } from './persistence/tenants.repository.js';
import { ProvisionTenantUseCase } from './provisioning/provision-tenant.use-case.js';
import { TenantProvisioningSteps } from './provisioning/tenant-provisioning-step.js';
import { PublicResponses } from './resolution/public-responses.js';
import { TenantCaches } from './resolution/tenant-cache.js';
import { TenantChanges } from './resolution/tenant-changes.js';
import { TenantHostHooks } from './resolution/tenant-host.hooks.js';
import { TenantResolver } from './resolution/tenant-resolver.js';
import { MunicipalityPagesController } from './onboarding/municipality-pages.controller.js';
import { OnboardingProgress } from './onboarding/onboarding-progress.js';
import { ApplyTenantFilesUseCase } from './tenants-as-code/apply-tenant-files.use-case.js';

const CORE = [
  TenantDatabase,
  TenantsRepository,
  TenantChanges,
  TenantCaches,
  PublicResponses,
  TenantResolver,
  TenantProvisioningSteps,
  ProvisionTenantUseCase,
  ApplyTenantFilesUseCase,
  TenantJobRunner,
];

/** The tenancy core every app needs: the tenant table, the one door to tenant data. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity])],
  providers: CORE,
  exports: CORE,
})
export class TenancyModule {}

/** For the tenant host (apps/api): every request is resolved to its tenant by Host. */
@Module({ providers: [TenantHostHooks], controllers: [BrandingController] })
export class TenantHostModule {}

/** For the admin app: onboarding, suspension and resumption of municipalities. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Tenancy })],
  controllers: [TenantsController, MunicipalityPagesController],
  providers: [CreateTenantUseCase, ChangeTenantStatusUseCase, OnboardingProgress],
})
export class TenancyAdminModule {}

/** For the worker: the provisioning job and the sweeper that re-queues lost ones. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Tenancy })],
  providers: [ProvisionTenantJob, ProvisioningSweeper],
})
export class TenancyJobsModule {}
