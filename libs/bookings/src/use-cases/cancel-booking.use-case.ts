import { Injectable } from '@nestjs/common';
import { PaymentsRepository, RefundPaymentUseCase, type PaymentEntity } from '@townhall/payments';
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
 * (RefundPaymentUseCase: the gateway's refund, idempotent per session), in the same
 * transaction as the cancellation: if the gateway cannot refund now, nothing is cancelled and
 * the booker is told to try again; the booking is never cancelled with its money kept.
 */
@Injectable()
export class CancelBookingUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
    private readonly resources: ResourcesRepository,
    private readonly payments: PaymentsRepository,
    private readonly refund: RefundPaymentUseCase,
  ) {}

  /** The refunded payment, when the booking had been paid. */
  async execute(id: string, bookerId: string, now = new Date()): Promise<{ refunded: PaymentEntity | null }> {
    return this.tenantDb.run(async () => {
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
      if (booking.status !== 'confirmed' || booking.price === 0) return { refunded: null };
      const payment = (await this.payments.latestFor('booking', [id])).get(id);
      if (!payment || payment.status !== 'paid') return { refunded: null };
      return { refunded: await this.refund.execute(payment.id, 'booking-cancelled') };
    });
  }
}
