import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { QueryFailedError } from 'typeorm';
import { ruleProblems } from '../domain/bookable-hours.js';
import type { BookingEntity, BookingStatus } from '../domain/booking.entity.js';
import { BookingsException, BookingsExceptionCode } from '../domain/bookings.exception.js';
import { BookingsRepository } from '../persistence/bookings.repository.js';
import { ResourcesRepository } from '../persistence/resources.repository.js';

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

/**
 * Books a resource for a citizen: the time is checked against the resource's rules in the
 * municipality's time zone, the price computed here, and the row inserted. Whether the time
 * is free is the database's call (the exclusion constraint), so that of any number of
 * simultaneous requests for a slot exactly one wins; the others are told "slot taken" (409).
 *
 * A priced resource is held for HOLD_MINUTES (status held: payment confirms it, see the
 * README's seam); a free one is confirmed, or requested when it needs approval.
 */
@Injectable()
export class BookResourceUseCase {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly resources: ResourcesRepository,
    private readonly bookings: BookingsRepository,
  ) {}

  async execute(input: { resourceId: string; bookerId: string; start: Date; end: Date }): Promise<BookingEntity> {
    const { timeZone } = currentTenantSettings();
    try {
      return await this.tenantDb.run(async () => {
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
        const status: BookingStatus = price > 0 ? 'held' : resource.needsApproval ? 'requested' : 'confirmed';
        // A hold whose time ran out no longer keeps the slot, swept or not yet.
        await this.bookings.expireHolds(resource.id);
        return this.bookings.insert({
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
