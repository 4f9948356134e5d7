import { Injectable } from '@nestjs/common';
import { OwedRefunds, type PaymentEntity } from '@townhall/payments';
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
 *
 * A paid booking cancelled within that rule is refunded in full through libs/payments
 * (OwedRefunds): the payment is marked owed back in the cancellation's transaction, so the
 * booking is never cancelled with its money kept; the gateway's refund is tried once that has
 * committed, and if the gateway cannot refund now the payments sweep makes it later. A gateway
 * that is down never keeps anyone from cancelling; the booker is told when the money is back.
 */
@Injectable()
export class CancelBookingUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
    private readonly resources: ResourcesRepository,
    private readonly owedRefunds: OwedRefunds,
  ) {}

  /**
   * The booking's payment when it had been paid: refunded, or still paid and owed back
   * (`refundDueAt`) when the gateway could not refund it at once.
   */
  async execute(id: string, bookerId: string, now = new Date()): Promise<{ refund: PaymentEntity | null }> {
    const owed = await this.tenantDb.run(async () => {
      const booking = await this.bookings.findById(id);
      if (!booking || booking.bookerId !== bookerId)
        throw new BookingsException('No such booking.', BookingsExceptionCode.BookingNotFound);
      if (!LIVE_STATUSES.includes(booking.status))
        throw new BookingsException(`This booking is ${booking.status} already.`, BookingsExceptionCode.NotCancellable);
      const resource = await this.resources.findAnyById(booking.resourceId);
      const notice = resource?.cancellationNoticeMinutes ?? 0;
      if (booking.status === 'confirmed' && startOf(booking).getTime() - now.getTime() < notice * 60_000) {
        throw new BookingsException(
          `A booking can be cancelled until ${duration(notice)} before it starts; contact the institution.`,
          BookingsExceptionCode.TooLateToCancel,
        );
      }
      if (!(await this.bookings.cancel(id, bookerId)))
        throw new BookingsException('This booking cannot be cancelled.', BookingsExceptionCode.NotCancellable);
      // A held booking's open payment lapses with the hold (a payment made after all is refunded).
      if (booking.status !== 'confirmed' || booking.price === 0) return [];
      return this.owedRefunds.owe('booking', id, 'booking-cancelled');
    });
    // After COMMIT: the cancellation stands whatever the gateway answers.
    const [payment] = owed;
    return { refund: payment ? await this.owedRefunds.tryNow(payment) : null };
  }
}
