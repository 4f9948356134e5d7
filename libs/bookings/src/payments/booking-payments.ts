import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { PaymentPurposes, type SettledPayment } from '@townhall/payments';
import { TenantDatabase } from '@townhall/tenancy';
import { BookingsRepository } from '../persistence/bookings.repository.js';
import { ConfirmHeldBookingUseCase } from '../use-cases/confirm-held-booking.use-case.js';

/**
 * The bookings' side of the payment seam (PaymentPurposeHandler for `booking`), registered in
 * every app that changes payments (api: callbacks and refunds; worker: the expiry sweep). Each
 * hook runs inside the transaction that changes the payment:
 * - paid: the hold becomes a confirmed booking (and `booking.confirmed` is written); if the
 *   hold is gone (expired, cancelled), `'refund'`: the money goes back;
 * - lapsed (the session expired, the payer cancelled, the gateway refused): the hold is
 *   released at once, so the slot is free again;
 * - refunded (e.g. by the finance department): a booking still live is cancelled.
 */
@Injectable()
export class BookingPayments implements OnModuleInit {
  private readonly logger = new Logger(BookingPayments.name);

  constructor(
    private readonly purposes: PaymentPurposes,
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
    private readonly confirmHeld: ConfirmHeldBookingUseCase,
  ) {}

  onModuleInit(): void {
    this.purposes.register({
      kind: 'booking',
      paid: (payment) => this.paid(payment),
      lapsed: (payment) => this.lapsed(payment),
      refunded: (payment) => this.refunded(payment),
    });
  }

  async paid(payment: SettledPayment): Promise<void | 'refund'> {
    if (await this.confirmHeld.execute(payment.purposeId)) return undefined;
    this.logger.warn(
      { payment: payment.id, booking: payment.purposeId },
      'a booking was paid after its hold was gone: refunding',
    );
    return 'refund';
  }

  async lapsed(payment: SettledPayment): Promise<void> {
    const released = await this.tenantDb.run(() => this.bookings.releaseHold(payment.purposeId));
    if (released) this.logger.log({ payment: payment.id, booking: payment.purposeId }, 'hold released: payment lapsed');
  }

  async refunded(payment: SettledPayment): Promise<void> {
    const cancelled = await this.tenantDb.run(() => this.bookings.cancelRefunded(payment.purposeId));
    if (cancelled) this.logger.log({ payment: payment.id, booking: payment.purposeId }, 'booking cancelled: refunded');
  }
}
