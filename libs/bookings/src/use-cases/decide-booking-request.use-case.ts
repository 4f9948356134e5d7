import { Injectable, Logger } from '@nestjs/common';
import { OpenPaymentUseCase, type PaymentEntity } from '@townhall/payments';
import { TenantDatabase } from '@townhall/tenancy';
import type { BookingEntity } from '../domain/booking.entity.js';
import { startOf, timesOf } from '../domain/booking-time.js';
import { BookingsException, BookingsExceptionCode } from '../domain/bookings.exception.js';
import { addDays, instantOf, wallTimeAt } from '../domain/zoned-time.js';
import { BookingsRepository } from '../persistence/bookings.repository.js';
import { ResourcesRepository } from '../persistence/resources.repository.js';
import { paymentTexts } from './book-resource.use-case.js';
import { BookingNotices, tenantTimeZone } from './booking-notices.js';

/** How many days after the approval a priced booking may be paid (to the end of the last day, local time). */
export const APPROVED_PAYMENT_DAYS = 3;

/** The longest reason an official may give for a rejection. */
export const REASON_MAX_LENGTH = 1000;

/** The official who decides. */
export interface Official {
  id: string;
}

/** What the decision made: the booking now, and for an approved priced one the payment to make. */
export interface DecidedRequest {
  booking: BookingEntity;
  payment: PaymentEntity | null;
}

/**
 * An official decides a requested booking (a resource that needs approval), in one transaction
 * with what the booker is told:
 * - **approve** a free request: confirmed, `booking.confirmed` (with its .ics);
 * - **approve** a priced one: held until the end of the APPROVED_PAYMENT_DAYS-th day (local time;
 *   never past its start) with its payment opened for the price computed when it was requested,
 *   `booking.approved` (pay by then at `/payments/<id>`); paid, it is confirmed as any hold is
 *   (BookingPayments); not paid in time, it expires and its time is free again;
 * - **reject** with a reason: rejected, `booking.rejected` with the reason; the time is free at
 *   once (the exclusion constraint covers live statuses only).
 * Who decided and when is kept on the booking. Of two officials deciding at once exactly one
 * wins (`BookingsRepository.decide` changes only a row still requested); the other, and anyone
 * deciding a booking that is not a request any more, is answered 409 `bookings.already_decided`.
 */
@Injectable()
export class DecideBookingRequestUseCase {
  private readonly logger = new Logger(DecideBookingRequestUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
    private readonly resources: ResourcesRepository,
    private readonly openPayment: OpenPaymentUseCase,
    private readonly notices: BookingNotices,
  ) {}

  approve(id: string, official: Official, now = new Date()): Promise<DecidedRequest> {
    return this.tenantDb.run(async () => {
      const booking = await this.requestOf(id);
      const start = startOf(booking);
      if (start.getTime() <= now.getTime())
        throw new BookingsException(
          'This request’s time has begun; it can only be rejected.',
          BookingsExceptionCode.TooLateToApprove,
        );
      if (booking.price === 0) {
        await this.decide(booking, { status: 'confirmed', decidedBy: official.id });
        const confirmed = (await this.bookings.findById(id))!;
        await this.notices.confirmed(confirmed);
        return { booking: confirmed, payment: null };
      }
      const timeZone = await tenantTimeZone(this.tenantDb);
      const heldUntil = paymentDeadline(now, start, timeZone);
      await this.decide(booking, { status: 'held', decidedBy: official.id, heldUntil });
      const held = (await this.bookings.findById(id))!;
      const resource = await this.resources.findAnyById(held.resourceId);
      if (!resource) throw new Error(`resource ${held.resourceId} of booking ${held.id} vanished`);
      const { start: from, end } = timesOf(held);
      const texts = paymentTexts(resource, held, (end.getTime() - from.getTime()) / 60_000, timeZone);
      // The price the booker was shown when requesting, not today's (the resource may have changed).
      const payment = await this.openPayment.execute({
        purpose: { kind: 'booking', id: held.id },
        payerId: held.bookerId,
        description: texts.description,
        lines: [{ id: 'hire', label: texts.line, amount: held.price }],
        returnPath: '/me/bookings',
        expiresAt: heldUntil,
      });
      await this.notices.approved(held, payment);
      return { booking: held, payment };
    });
  }

  reject(id: string, official: Official, reason: unknown): Promise<DecidedRequest> {
    const text = typeof reason === 'string' ? reason.trim() : '';
    if (text === '' || text.length > REASON_MAX_LENGTH)
      throw new BookingsException(
        `Give the reason the booker is told (1 to ${REASON_MAX_LENGTH} characters).`,
        BookingsExceptionCode.DecisionInvalid,
        [{ field: 'reason', message: `reason: say why, in 1 to ${REASON_MAX_LENGTH} characters` }],
      );
    return this.tenantDb.run(async () => {
      const booking = await this.requestOf(id);
      await this.decide(booking, { status: 'rejected', decidedBy: official.id, reason: text });
      const rejected = (await this.bookings.findById(id))!;
      await this.notices.rejected(rejected, text);
      return { booking: rejected, payment: null };
    });
  }

  private async requestOf(id: string): Promise<BookingEntity> {
    const booking = await this.bookings.findById(id);
    if (!booking) throw new BookingsException('No such booking.', BookingsExceptionCode.BookingNotFound);
    if (booking.status !== 'requested') throw alreadyDecided(booking);
    return booking;
  }

  private async decide(booking: BookingEntity, decision: Parameters<BookingsRepository['decide']>[1]): Promise<void> {
    if (!(await this.bookings.decide(booking.id, decision))) {
      // Another official (or the booker, cancelling) changed it since it was read.
      throw alreadyDecided((await this.bookings.findById(booking.id)) ?? booking);
    }
    this.logger.log(
      { booking: booking.id, status: decision.status, official: decision.decidedBy },
      'booking request decided',
    );
  }
}

function alreadyDecided(booking: BookingEntity): BookingsException {
  return new BookingsException(
    `Booking ${booking.reference} is not waiting for a decision any more: it is ${booking.status}.`,
    BookingsExceptionCode.AlreadyDecided,
  );
}

/**
 * Until when an approved priced booking may be paid: the end (23:59, local time) of the
 * APPROVED_PAYMENT_DAYS-th day after the approval, so that "pay by 26 November" means all of
 * that day; never later than the booking's start.
 */
export function paymentDeadline(now: Date, start: Date, timeZone: string): Date {
  const last = addDays(wallTimeAt(now, timeZone), APPROVED_PAYMENT_DAYS);
  const endOfDay = instantOf({ ...last, hour: 23, minute: 59 }, timeZone);
  return endOfDay.getTime() < start.getTime() ? endOfDay : start;
}
