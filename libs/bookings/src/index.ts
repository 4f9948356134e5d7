export * from './domain/zoned-time.js';
export * from './domain/bookable-hours.js';
export * from './domain/booking.entity.js';
export * from './domain/institution.entity.js';
export * from './domain/resource.entity.js';
export * from './domain/resource-photo.entity.js';
export * from './domain/bookings.exception.js';
export * from './persistence/bookings.repository.js';
export * from './use-cases/book-resource.use-case.js';
export * from './use-cases/cancel-booking.use-case.js';
export * from './use-cases/confirm-held-booking.use-case.js';
export * from './use-cases/decide-booking-request.use-case.js';
export * from './use-cases/booking-notices.js';
export * from './payments/booking-payments.js';
export * from './jobs/hold-sweeper.js';
export * from './bookings.module.js';

import { BookingEntity } from './domain/booking.entity.js';
import { InstitutionEntity } from './domain/institution.entity.js';
import { ResourceEntity } from './domain/resource.entity.js';
import { ResourcePhotoEntity } from './domain/resource-photo.entity.js';
import { CreateBookings1764003800000 } from './persistence/migrations/1764003800000-CreateBookings.js';
import { OfficeResources1764004350000 } from './persistence/migrations/1764004350000-OfficeResources.js';
import { BookingDecisions1764004620000 } from './persistence/migrations/1764004620000-BookingDecisions.js';
import { PhotoAltPerLanguage1764004640000 } from './persistence/migrations/1764004640000-PhotoAltPerLanguage.js';
import { BookingHoldsDueTenants1764004920000 } from './persistence/migrations/1764004920000-BookingHoldsDueTenants.js';

export const bookingsMigrations = [
  CreateBookings1764003800000,
  OfficeResources1764004350000,
  BookingDecisions1764004620000,
  PhotoAltPerLanguage1764004640000,
  BookingHoldsDueTenants1764004920000,
];
export const bookingsEntities = [InstitutionEntity, ResourceEntity, BookingEntity, ResourcePhotoEntity];
