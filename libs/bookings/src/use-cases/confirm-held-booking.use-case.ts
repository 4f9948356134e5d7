import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@townhall/tenancy';
import { BookingsRepository } from '../persistence/bookings.repository.js';

/**
 * The seam for the payments part: when a booking's payment is received, it calls this in the
 * municipality's context. True: the hold became a confirmed booking. False: the hold was gone
 * (expired or cancelled; its slot may be someone else's now), so the payment must be refunded.
 */
@Injectable()
export class ConfirmHeldBookingUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
  ) {}

  execute(bookingId: string): Promise<boolean> {
    return this.tenantDb.run(() => this.bookings.confirmHeld(bookingId));
  }
}
