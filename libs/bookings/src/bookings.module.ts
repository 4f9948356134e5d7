import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BookingEntity } from './domain/booking.entity.js';
import { InstitutionEntity } from './domain/institution.entity.js';
import { ResourceEntity } from './domain/resource.entity.js';
import { BookingsController } from './http/bookings.controller.js';
import { HoldSweeper } from './jobs/hold-sweeper.js';
import { BookingsRepository } from './persistence/bookings.repository.js';
import { InstitutionsRepository } from './persistence/institutions.repository.js';
import { ResourcesRepository } from './persistence/resources.repository.js';
import { BookingsProvisioningStep } from './provisioning/bookings-provisioning.step.js';
import { BookResourceUseCase } from './use-cases/book-resource.use-case.js';
import { CancelBookingUseCase } from './use-cases/cancel-booking.use-case.js';
import { ConfirmHeldBookingUseCase } from './use-cases/confirm-held-booking.use-case.js';

/**
 * Institutions, resources and bookings: the data, the use cases, and the provisioning step
 * that applies a tenant file's `bookings:` section (import it wherever tenants are applied).
 */
@Module({
  imports: [TypeOrmModule.forFeature([InstitutionEntity, ResourceEntity, BookingEntity])],
  providers: [
    InstitutionsRepository,
    ResourcesRepository,
    BookingsRepository,
    BookResourceUseCase,
    CancelBookingUseCase,
    ConfirmHeldBookingUseCase,
    BookingsProvisioningStep,
  ],
  exports: [
    InstitutionsRepository,
    ResourcesRepository,
    BookingsRepository,
    BookResourceUseCase,
    CancelBookingUseCase,
    ConfirmHeldBookingUseCase,
  ],
})
export class BookingsModule {}

/** For the tenant host: the public pages, the citizen's booking and "My bookings", the JSON API. */
@Module({
  imports: [BookingsModule],
  controllers: [BookingsController],
})
export class BookingsHttpModule {}

/** For the worker: releases unpaid holds whose time ran out. */
@Module({
  imports: [BookingsModule],
  providers: [HoldSweeper],
  exports: [HoldSweeper],
})
export class BookingsJobsModule {}
