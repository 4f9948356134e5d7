import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@townhall/audit';
import { CitizenEntity, CitizensRepository } from '@townhall/identity';
import { NotificationsModule } from '@townhall/notifications';
import { QueueName } from '@townhall/platform';
import { RegistersModule } from '@townhall/registers';
import { TranslationsModule } from '@townhall/web';
import { EntitlementEntity } from './domain/entitlement.entity.js';
import { ProactiveOffers } from './domain/proactive-offers.js';
import { GrantEntitlementsJob } from './jobs/grant-entitlements.job.js';
import { ProactiveRuns } from './jobs/proactive-runs.js';
import { ProactiveSchedule, ProactiveSweepJob } from './jobs/proactive-sweep.job.js';
import { OfficeEntitlementsController } from './http/office-entitlements.controller.js';
import { PortalEntitlementsController } from './http/portal-entitlements.controller.js';
import { EntitlementsRepository } from './persistence/entitlements.repository.js';
import { GrantProactiveEntitlementsUseCase } from './use-cases/grant-proactive-entitlements.use-case.js';

/** The entitlements table, what the municipality offers, and queuing a run. */
@Module({
  imports: [TypeOrmModule.forFeature([EntitlementEntity]), BullModule.registerQueue({ name: QueueName.Entitlements })],
  providers: [EntitlementsRepository, ProactiveOffers, ProactiveRuns],
  // The queue too: the worker's jobs and schedule use it.
  exports: [EntitlementsRepository, ProactiveOffers, ProactiveRuns, BullModule],
})
export class EntitlementsModule {}

/** For the worker: the daily schedule, and the runs that ask the register, grant and notify. */
@Module({
  imports: [
    EntitlementsModule,
    NotificationsModule,
    RegistersModule,
    AuditModule,
    TranslationsModule,
    TypeOrmModule.forFeature([CitizenEntity]),
  ],
  providers: [
    GrantProactiveEntitlementsUseCase,
    CitizensRepository,
    GrantEntitlementsJob,
    ProactiveSweepJob,
    ProactiveSchedule,
  ],
  exports: [ProactiveSweepJob, ProactiveSchedule, GrantProactiveEntitlementsUseCase],
})
export class EntitlementsJobsModule {}

/** For the tenant host: the citizen's page and JSON, and the office's list. */
@Module({
  imports: [EntitlementsModule],
  controllers: [PortalEntitlementsController, OfficeEntitlementsController],
})
export class EntitlementsHttpModule {}
