import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import { BookingsRepository } from '../persistence/bookings.repository.js';
import { BookingNotices } from './booking-notices.js';

/**
 * When a booking's payment is received (BookingPayments, inside the payment's transaction):
 * true, the hold became a confirmed booking and the booker is told (outbox
 * `booking.confirmed`, in the same transaction); false, the hold was gone (expired or
 * cancelled; its slot may be someone else's now), so the payment must be refunded.
 */
@Injectable()
export class ConfirmHeldBookingUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
    private readonly notices: BookingNotices,
  ) {}

  execute(bookingId: string): Promise<boolean> {
    return this.tenantDb.run(async () => {
      if (!(await this.bookings.confirmHeld(bookingId))) return false;
      await this.notices.confirmed((await this.bookings.findById(bookingId))!);
      return true;
    });
  }
}
