import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { StaffRepository } from '@townhall/identity';
import { Outbox } from '@townhall/notifications';
import { currentTenant, TenantDatabase, TenantEntity, tenantSettingsOfRequest } from '@townhall/tenancy';
import { BOOKING_DECIDER_ROLES } from '../domain/booking-deciders.js';
import type { BookingEntity } from '../domain/booking.entity.js';
import { timesOf } from '../domain/booking-time.js';
import { localIso } from '../domain/zoned-time.js';
import { InstitutionsRepository } from '../persistence/institutions.repository.js';
import { ResourcesRepository } from '../persistence/resources.repository.js';

/** The iCalendar UID of a booking: the same in the e-mail's .ics and the booker's feed, so a calendar keeps one event. */
export function bookingUid(bookingId: string, tenantSlug: string): string {
  return `booking-${bookingId}@${tenantSlug}.townhall`;
}

/**
 * The UID of a booking's slot in a public feed (a resource's, or its institution's): stable,
 * but not the booking's id (which names the booking in the booker's links) and not its UID (so a
 * booker who subscribes to both sees their booking and a "Booked" slot, not one event
 * overwriting the other); the two public feeds differ too, for who subscribes to both.
 */
export function slotUid(bookingId: string, tenantSlug: string, feed: 'resource' | 'institution' = 'resource'): string {
  const seed = feed === 'resource' ? `slot:${bookingId}` : `institution-slot:${bookingId}`;
  const digest = createHash('sha256').update(seed).digest('hex').slice(0, 32);
  return `slot-${digest}@${tenantSlug}.townhall`;
}

/** The municipality's time zone: the request's (cached at host resolution), else the tenant's row, read in the open transaction. */
export async function tenantTimeZone(tenantDb: TenantDatabase): Promise<string> {
  const ofRequest = tenantSettingsOfRequest()?.timeZone;
  if (ofRequest) return ofRequest;
  const tenant = await tenantDb
    .manager()
    .getRepository(TenantEntity)
    .findOne({ where: { id: currentTenant().id } });
  if (!tenant) throw new Error('the current municipality vanished');
  return tenant.timeZone;
}

/**
 * What bookings tell the booker through the outbox (libs/notifications), written inside the
 * transaction that makes the change, with what, where, when (in the municipality's time zone),
 * the reference and the price:
 * - `booking.confirmed` (a free booking at once or when approved, a paid one when its payment
 *   is received); its e-mail carries the booking as an .ics;
 * - `booking.approved` (a priced request approved: pay by `dueAt` at the payment page; no .ics
 *   yet, the confirmation brings it);
 * - `booking.rejected` (a request declined, with the official's reason as `message`; no .ics).
 *
 * And the officials who decide requests (BOOKING_DECIDER_ROLES, active), by e-mail:
 * - `booking.requested` (a request waits for them: the same what, where, when, reference and
 *   price, and the request's page in the office as the link; no .ics). The booker is not named:
 *   the request's page names them, and records that look in their data-access log.
 */
@Injectable()
export class BookingNotices {
  private readonly logger = new Logger(BookingNotices.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly outbox: Outbox,
    private readonly resources: ResourcesRepository,
    private readonly institutions: InstitutionsRepository,
    private readonly staff: StaffRepository,
  ) {}

  /**
   * Inside TenantDatabase.run(), with the request: one `booking.requested` per active official
   * who may decide it, linking to `/office/bookings/<id>`. With none (no admin has logged in
   * yet, or all are disabled) nothing is sent: the request waits at /office/bookings all the same.
   */
  async requested(booking: BookingEntity): Promise<void> {
    const deciders = await this.staff.activeWithRoles(BOOKING_DECIDER_ROLES);
    if (deciders.length === 0) {
      this.logger.warn({ booking: booking.reference }, 'a booking request, and no active official to tell of it');
      return;
    }
    const payload = { ...(await this.payloadOf(booking, false)), path: `/office/bookings/${booking.id}` };
    await this.outbox.add(
      ...deciders.map((official) => ({
        event: 'booking.requested' as const,
        recipient: { kind: 'staff' as const, id: official.id },
        payload,
      })),
    );
  }

  /** Inside TenantDatabase.run(), with the change that confirmed the booking. */
  async confirmed(booking: BookingEntity): Promise<void> {
    await this.outbox.add({
      event: 'booking.confirmed',
      recipient: { kind: 'citizen', id: booking.bookerId },
      payload: await this.payloadOf(booking, true),
    });
  }

  /** Inside TenantDatabase.run(), with the approval: the booker pays at `/payments/<id>` by the hold's end. */
  async approved(booking: BookingEntity, payment: { id: string; expiresAt: Date }): Promise<void> {
    await this.outbox.add({
      event: 'booking.approved',
      recipient: { kind: 'citizen', id: booking.bookerId },
      payload: {
        ...(await this.payloadOf(booking, false)),
        path: `/payments/${payment.id}`,
        dueAt: payment.expiresAt.toISOString(),
      },
    });
  }

  /** Inside TenantDatabase.run(), with the rejection; `reason` is what the official wrote. */
  async rejected(booking: BookingEntity, reason: string): Promise<void> {
    await this.outbox.add({
      event: 'booking.rejected',
      recipient: { kind: 'citizen', id: booking.bookerId },
      payload: { ...(await this.payloadOf(booking, false)), message: reason },
    });
  }

  private async payloadOf(booking: BookingEntity, attach: boolean) {
    const resource = await this.resources.findAnyById(booking.resourceId);
    if (!resource) throw new Error(`resource ${booking.resourceId} of booking ${booking.id} vanished`);
    const institution = await this.institutions.findById(resource.institutionId);
    const timeZone = await tenantTimeZone(this.tenantDb);
    const { start, end } = timesOf(booking);
    return {
      reference: booking.reference,
      service: resource.name,
      amount: { minor: booking.price, currency: booking.currency },
      path: '/me/bookings',
      calendar: {
        uid: bookingUid(booking.id, currentTenant().slug),
        start: localIso(start, timeZone),
        end: localIso(end, timeZone),
        timeZone,
        title: resource.name,
        place: institution?.name ?? {},
        address: institution?.address ?? null,
        fileName: `booking-${booking.reference}.ics`,
        ...(attach ? {} : { attach: false }),
      },
    };
  }
}
