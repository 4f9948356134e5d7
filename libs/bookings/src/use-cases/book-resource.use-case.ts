import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OpenPaymentUseCase, type PaymentEntity } from '@townhall/payments';
import { TenantDatabase } from '@townhall/tenancy';
import { intlLocale } from '@townhall/web';
import { QueryFailedError } from 'typeorm';
import { duration, ruleProblems } from '../domain/bookable-hours.js';
import type { BookingEntity, BookingStatus } from '../domain/booking.entity.js';
import { timesOf } from '../domain/booking-time.js';
import { BookingsException, BookingsExceptionCode } from '../domain/bookings.exception.js';
import type { ResourceEntity } from '../domain/resource.entity.js';
import { BookingsRepository } from '../persistence/bookings.repository.js';
import { ResourcesRepository } from '../persistence/resources.repository.js';
import { BookingNotices, tenantTimeZone } from './booking-notices.js';

/** How long an unpaid booking keeps its slot. */
export const HOLD_MINUTES = 15;

/** PostgreSQL's exclusion_violation: the exclusion constraint refused an overlapping row. */
const EXCLUSION_VIOLATION = '23P01';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** B-7KQ3ZD: what the booker quotes. */
export function bookingReference(): string {
  return `B-${Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
}

/** The price of a time at a price per hour, in minor units (rounded to the nearest unit). */
export function priceOf(pricePerHour: number, minutes: number): number {
  return Math.round((pricePerHour * minutes) / 60);
}

/** A booking made, and for a held one the payment opened with it (the booker is sent to `/payments/<id>`). */
export interface BookedResource {
  booking: BookingEntity;
  payment: PaymentEntity | null;
}

/**
 * Books a resource for a citizen: the time is checked against the resource's rules in the
 * municipality's time zone, the price computed here, and the row inserted. Whether the time
 * is free is the database's call (the exclusion constraint), so that of any number of
 * simultaneous requests for a slot exactly one wins; the others are told "slot taken" (409).
 *
 * A priced resource is held for HOLD_MINUTES (status held) and its payment opened in the same
 * transaction (libs/payments, purpose `booking`, expiring with the hold): the hold and its
 * payment exist together or not at all; the payment's callback confirms the booking (see
 * BookingPayments). A free one is confirmed at once (outbox `booking.confirmed`, in this
 * transaction). A resource that needs approval takes a request (status requested, the slot
 * kept, nothing to pay yet), priced or not, and its deciders are e-mailed (outbox
 * `booking.requested`, in this transaction): an official approves it (then it is confirmed, or
 * held to be paid) or rejects it (DecideBookingRequestUseCase).
 */
@Injectable()
export class BookResourceUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly resources: ResourcesRepository,
    private readonly bookings: BookingsRepository,
    private readonly openPayment: OpenPaymentUseCase,
    private readonly notices: BookingNotices,
  ) {}

  async execute(input: { resourceId: string; bookerId: string; start: Date; end: Date }): Promise<BookedResource> {
    try {
      return await this.tenantDb.run(async () => {
        const timeZone = await tenantTimeZone(this.tenantDb);
        const resource = await this.resources.findById(input.resourceId);
        if (!resource) throw new BookingsException('No such resource.', BookingsExceptionCode.ResourceNotFound);
        const problems = ruleProblems(input.start, input.end, resource, timeZone);
        if (problems.length > 0) {
          throw new BookingsException(
            `This time cannot be booked: ${problems.map((p) => p.message).join('; ')}.`,
            BookingsExceptionCode.NotBookable,
            problems,
          );
        }
        const minutes = (input.end.getTime() - input.start.getTime()) / 60_000;
        const price = priceOf(resource.pricePerHour, minutes);
        // A request waits for an official first; a priced one is paid once approved (DecideBookingRequestUseCase).
        const status: BookingStatus = resource.needsApproval ? 'requested' : price > 0 ? 'held' : 'confirmed';
        // A hold whose time ran out no longer keeps the slot, swept or not yet.
        await this.bookings.expireHolds(resource.id);
        const booking = await this.bookings.insert({
          resourceId: resource.id,
          bookerId: input.bookerId,
          start: input.start,
          end: input.end,
          status,
          heldUntil: status === 'held' ? new Date(Date.now() + HOLD_MINUTES * 60_000) : null,
          price,
          currency: resource.currency,
          reference: bookingReference(),
        });
        if (status === 'confirmed') await this.notices.confirmed(booking);
        // The officials who decide it are told, with the request: both commit, or neither.
        if (status === 'requested') await this.notices.requested(booking);
        if (status !== 'held') return { booking, payment: null };
        // The amount is the booking's price, computed above; the payment lapses with the hold.
        const texts = paymentTexts(resource, booking, minutes, timeZone);
        const payment = await this.openPayment.execute({
          purpose: { kind: 'booking', id: booking.id },
          payerId: input.bookerId,
          description: texts.description,
          lines: [{ id: 'hire', label: texts.line, amount: price }],
          returnPath: '/me/bookings',
          expiresAt: booking.heldUntil!,
        });
        return { booking, payment };
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === EXCLUSION_VIOLATION) {
        throw new BookingsException(
          'Slot taken: this time is already booked. Choose another time.',
          BookingsExceptionCode.SlotTaken,
          [{ field: 'start', message: 'slot taken' }],
        );
      }
      throw error;
    }
  }
}

/**
 * What the payer sees on the payment page, per language the resource is named in: "Booking
 * B-7KQ3ZD: Auditorium, Tuesday 1 December 2026 18:00–20:00", and the line "Auditorium:
 * 2 h × €50.00 an hour".
 */
export function paymentTexts(resource: ResourceEntity, booking: BookingEntity, minutes: number, timeZone: string) {
  const description: Record<string, string> = {};
  const line: Record<string, string> = {};
  const { start, end } = timesOf(booking);
  for (const [language, name] of Object.entries(resource.name)) {
    const locale = intlLocale(language);
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone });
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
    const rate = new Intl.NumberFormat(locale, { style: 'currency', currency: resource.currency }).format(
      resource.pricePerHour / 100,
    );
    description[language] = `${booking.reference}: ${name}, ${day.format(start)}–${time.format(end)}`;
    line[language] = `${name}: ${duration(minutes)} × ${rate} / h`;
  }
  return { description, line };
}
