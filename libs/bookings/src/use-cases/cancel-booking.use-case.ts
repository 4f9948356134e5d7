import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import { duration } from '../domain/bookable-hours.js';
import { LIVE_STATUSES } from '../domain/booking.entity.js';
import { BookingsException, BookingsExceptionCode } from '../domain/bookings.exception.js';
import { startOf } from '../domain/booking-time.js';
import { BookingsRepository } from '../persistence/bookings.repository.js';
import { ResourcesRepository } from '../persistence/resources.repository.js';

/**
 * A citizen cancels their booking: a live one, and (unless it is an unpaid hold or a request
 * not yet approved) no later than the resource's cancellation notice before it starts.
 */
@Injectable()
export class CancelBookingUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
    private readonly resources: ResourcesRepository,
  ) {}

  async execute(id: string, bookerId: string, now = new Date()): Promise<void> {
    await this.tenantDb.run(async () => {
      const booking = await this.bookings.findById(id);
      if (!booking || booking.bookerId !== bookerId)
        throw new BookingsException('No such booking.', BookingsExceptionCode.BookingNotFound);
      if (!LIVE_STATUSES.includes(booking.status))
        throw new BookingsException(`This booking is ${booking.status} already.`, BookingsExceptionCode.NotCancellable);
      const resource = await this.resources.findById(booking.resourceId);
      const notice = resource?.cancellationNoticeMinutes ?? 0;
      if (booking.status === 'confirmed' && startOf(booking).getTime() - now.getTime() < notice * 60_000) {
        throw new BookingsException(
          `A booking can be cancelled until ${duration(notice)} before it starts; contact the institution.`,
          BookingsExceptionCode.TooLateToCancel,
        );
      }
      if (!(await this.bookings.cancel(id, bookerId)))
        throw new BookingsException('This booking cannot be cancelled.', BookingsExceptionCode.NotCancellable);
    });
  }
}
