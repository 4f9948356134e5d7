/**
 * Wall-clock time in a municipality's IANA time zone, converted with the runtime's Intl
 * time-zone data (the same tz database the browsers use): offsets change with daylight saving,
 * so an offset is always looked up for the instant in question, never assumed.
 */

/** A date and time as a clock on the wall shows it (month 1..12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** What the wall clock in `timeZone` shows at `instant`. */
export function wallTimeAt(instant: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute };
}

/** The zone's offset from UTC at `instant`, in minutes (Tallinn: 120 in winter, 180 in summer). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const w = wallTimeAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows `wall`. In the hour skipped when
 * clocks go forward, the time is read with the offset before the change (02:30 → 03:30 summer
 * time is never returned as an earlier hour); in the hour repeated when they go back, the
 * first of the two is taken.
 */
export function instantOf(wall: WallTime, timeZone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const before = offsetMinutesAt(new Date(naive - 86_400_000 / 2), timeZone);
  const after = offsetMinutesAt(new Date(naive + 86_400_000 / 2), timeZone);
  // Try both offsets around the moment (earliest first); keep the one the clock agrees with.
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    const candidate = new Date(naive - offset * 60_000);
    if (offsetMinutesAt(candidate, timeZone) === offset) return candidate;
  }
  return new Date(naive - before * 60_000);
}

/** Monday = 1 … Sunday = 7 (ISO), of a calendar date. */
export function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The calendar date `days` after the given one. */
export function addDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** YYYY-MM-DD of a calendar date. */
export function isoDate(date: { year: number; month: number; day: number }): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** HH:MM of minutes since midnight. */
export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** ISO 8601 of an instant as the wall clock in `timeZone` shows it, with that zone's offset then: 2026-12-01T18:00:00+02:00. */
export function localIso(instant: Date, timeZone: string): string {
  const w = wallTimeAt(instant, timeZone);
  const offset = offsetMinutesAt(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${isoDate(w)}T${clock(w.hour * 60 + w.minute)}:00${sign}${clock(abs)}`;
}
