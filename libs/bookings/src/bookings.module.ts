import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@townhall/audit';
import { DocumentsModule } from '@townhall/documents';
import { StaffModule } from '@townhall/identity';
import { NotificationsModule } from '@townhall/notifications';
import { PaymentsModule } from '@townhall/payments';
import { BookingEntity } from './domain/booking.entity.js';
import { InstitutionEntity } from './domain/institution.entity.js';
import { ResourcePhotoEntity } from './domain/resource-photo.entity.js';
import { ResourceEntity } from './domain/resource.entity.js';
import { BookingsController } from './http/bookings.controller.js';
import { OfficeBookingsController } from './http/office-bookings.controller.js';
import { OfficeResourcesController } from './http/office-resources.controller.js';
import { HoldSweeper } from './jobs/hold-sweeper.js';
import { BookingPayments } from './payments/booking-payments.js';
import { BookingsRepository } from './persistence/bookings.repository.js';
import { InstitutionsRepository } from './persistence/institutions.repository.js';
import { OfficeResourcesRepository } from './persistence/office-resources.repository.js';
import { ResourcesRepository } from './persistence/resources.repository.js';
import { BookingsProvisioningStep } from './provisioning/bookings-provisioning.step.js';
import { BookingNotices } from './use-cases/booking-notices.js';
import { BookResourceUseCase } from './use-cases/book-resource.use-case.js';
import { CancelBookingUseCase } from './use-cases/cancel-booking.use-case.js';
import { ConfirmHeldBookingUseCase } from './use-cases/confirm-held-booking.use-case.js';
import { DecideBookingRequestUseCase } from './use-cases/decide-booking-request.use-case.js';
import { ManageResourcesUseCase } from './use-cases/manage-resources.use-case.js';

/**
 * Institutions, resources and bookings: the data and the provisioning step that applies a
 * tenant file's `bookings:` section (import it wherever tenants are applied: admin, CLI,
 * worker). No queues, so the CLI can import it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([InstitutionEntity, ResourceEntity, BookingEntity, ResourcePhotoEntity])],
  providers: [
    InstitutionsRepository,
    ResourcesRepository,
    BookingsRepository,
    OfficeResourcesRepository,
    BookingsProvisioningStep,
  ],
  exports: [InstitutionsRepository, ResourcesRepository, BookingsRepository, OfficeResourcesRepository],
})
export class BookingsModule {}

/**
 * The use cases (book, cancel, confirm a paid hold, decide a request), joined to payments (a
 * hold opens its payment; the `booking` purpose handler, BookingPayments, registered once per
 * app) and to the outbox (`booking.confirmed`, `.approved`, `.rejected` to the booker;
 * `booking.requested` to the staff who decide requests, found through StaffModule). For the
 * apps that change bookings or payments: api and worker.
 */
@Module({
  imports: [BookingsModule, PaymentsModule, NotificationsModule, StaffModule],
  providers: [
    BookingNotices,
    BookResourceUseCase,
    CancelBookingUseCase,
    ConfirmHeldBookingUseCase,
    DecideBookingRequestUseCase,
    BookingPayments,
  ],
  exports: [BookResourceUseCase, CancelBookingUseCase, ConfirmHeldBookingUseCase, DecideBookingRequestUseCase],
})
export class BookingsServicesModule {}

/**
 * For the tenant host: the public pages and feeds, the citizen's booking and "My bookings", the
 * office's resources and booking requests, the JSON API.
 */
@Module({
  imports: [BookingsModule, BookingsServicesModule, PaymentsModule, DocumentsModule, AuditModule],
  controllers: [BookingsController, OfficeResourcesController, OfficeBookingsController],
  providers: [ManageResourcesUseCase],
})
export class BookingsHttpModule {}

/** For the worker: releases unpaid holds whose time ran out; hears of lapsed payments (BookingPayments). */
@Module({
  imports: [BookingsModule, BookingsServicesModule],
  providers: [HoldSweeper],
  exports: [HoldSweeper],
})
export class BookingsJobsModule {}
