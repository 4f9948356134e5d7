import type { BookingEntity } from './booking.entity.js';

const RANGE = /^[[(]"?([^",]+)"?,"?([^",)\]]+)"?[)\]]$/;

/** The start and end of a booking's tstzrange as PostgreSQL writes it ('["2025-03-04 16:00:00+00","…")'). */
export function timesOf(booking: Pick<BookingEntity, 'during'>): { start: Date; end: Date } {
  const m = RANGE.exec(booking.during);
  if (!m) throw new Error(`not a time range: ${booking.during}`);
  const parse = (s: string) => new Date(s.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return { start: parse(m[1]), end: parse(m[2]) };
}

export const startOf = (booking: Pick<BookingEntity, 'during'>) => timesOf(booking).start;
