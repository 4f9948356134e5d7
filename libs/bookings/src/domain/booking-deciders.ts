import type { StaffRole } from '@townhall/tenancy';

/**
 * Who decides a booking request (approves or rejects it): the officials who manage the
 * resources, as on the office's resource pages. The active ones are told of each request by
 * e-mail (`booking.requested`); everyone on the staff sees the requests at /office/bookings.
 */
export const BOOKING_DECIDER_ROLES: readonly StaffRole[] = ['admin'];
