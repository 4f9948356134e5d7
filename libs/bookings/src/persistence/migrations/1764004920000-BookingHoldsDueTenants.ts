import { createDueTenantsProbe } from '@townhall/tenancy';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hold sweep's probe: which active municipalities have a booking hold whose time ran out
 * (BookingsRepository.expireHolds's condition, served by ix_bookings_held), so that the sweep
 * visits only those.
 */
export class BookingHoldsDueTenants1764004920000 implements MigrationInterface {
  name = 'BookingHoldsDueTenants1764004920000';

  async up(q: QueryRunner): Promise<void> {
    await createDueTenantsProbe(q, {
      name: 'booking_holds_due_tenants',
      parameters: '',
      parameterTypes: '',
      due: `exists (select 1 from bookings where tenant_id = t and status = 'held' and held_until <= now())`,
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function booking_holds_due_tenants()`);
  }
}
