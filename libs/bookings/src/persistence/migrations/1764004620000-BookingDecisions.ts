import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BOOKING_REJECTED_CHECK } from '../../domain/booking.entity.js';

/**
 * Officials' decisions on requested bookings: who decided, when, and (rejected) why. A rejected
 * request leaves the exclusion constraint (it covers live statuses only), so its time is free.
 */
export class BookingDecisions1764004620000 implements MigrationInterface {
  name = 'BookingDecisions1764004620000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table bookings add column decided_by uuid, add column decided_at timestamptz, add column decision_reason text`,
    );
    await q.query(
      `alter table bookings add constraint fk_bookings_decided_by foreign key (tenant_id, decided_by) references staff_members (tenant_id, id)`,
    );
    await q.query(`alter table bookings add constraint ck_bookings_rejected check (${BOOKING_REJECTED_CHECK})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table bookings drop constraint ck_bookings_rejected`);
    await q.query(`alter table bookings drop constraint fk_bookings_decided_by`);
    await q.query(`alter table bookings drop column decision_reason, drop column decided_at, drop column decided_by`);
  }
}
