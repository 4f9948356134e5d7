import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Outbox } from '@townhall/notifications';
import { currentTenant, TenantDatabase, TenantEntity, tenantSettingsOfRequest } from '@townhall/tenancy';
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
 * The UID of a booking's slot in a resource's public feed: stable, but not the booking's id
 * (which names the booking in the booker's links) and not its UID (so a booker who subscribes
 * to both sees their booking and a "Booked" slot, not one event overwriting the other).
 */
export function slotUid(bookingId: string, tenantSlug: string): string {
  const digest = createHash('sha256').update(`slot:${bookingId}`).digest('hex').slice(0, 32);
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
 * transaction that makes the change: `booking.confirmed` (a free booking at once, a paid one
 * when its payment is received), with what, where, when (in the municipality's time zone),
 * the reference and the price; its e-mail carries the booking as an .ics.
 */
@Injectable()
export class BookingNotices {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly outbox: Outbox,
    private readonly resources: ResourcesRepository,
    private readonly institutions: InstitutionsRepository,
  ) {}

  /** Inside TenantDatabase.run(), with the change that confirmed the booking. */
  async confirmed(booking: BookingEntity): Promise<void> {
    const resource = await this.resources.findAnyById(booking.resourceId);
    if (!resource) throw new Error(`resource ${booking.resourceId} of booking ${booking.id} vanished`);
    const institution = await this.institutions.findById(resource.institutionId);
    const timeZone = await tenantTimeZone(this.tenantDb);
    const { start, end } = timesOf(booking);
    await this.outbox.add({
      event: 'booking.confirmed',
      recipient: { kind: 'citizen', id: booking.bookerId },
      payload: {
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
        },
      },
    });
  }
}
