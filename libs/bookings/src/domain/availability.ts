import type { BookingTime } from '../persistence/bookings.repository.js';
import { weekSlots, type BookingRules } from './bookable-hours.js';
import { addDays, isoDate, isoWeekday, wallTimeAt } from './zoned-time.js';

export type SlotState = 'free' | 'taken' | 'past';

export interface DayAvailability {
  /** Local date, YYYY-MM-DD. */
  date: string;
  weekday: number;
  slots: { start: Date; end: Date; time: string; state: SlotState }[];
}

type LocalDate = { year: number; month: number; day: number };

export const parseDate = (text: string): LocalDate => {
  const [year, month, day] = text.split('-').map(Number);
  return { year, month, day };
};

/** The Monday of the week holding a local date. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date.year, date.month, date.day));
}

/** Today in the time zone. */
export function todayIn(timeZone: string, now = new Date()): LocalDate {
  const w = wallTimeAt(now, timeZone);
  return { year: w.year, month: w.month, day: w.day };
}

/**
 * The slots of `days` local days from `first`, each free, taken (overlapping a live booking)
 * or past (before now plus the lead time).
 */
export function availability(
  first: LocalDate,
  days: number,
  rules: BookingRules,
  taken: BookingTime[],
  timeZone: string,
  now = new Date(),
): DayAvailability[] {
  const result: DayAvailability[] = [];
  for (let week = mondayOf(first); result.length < days + 7; week = addDays(week, 7)) {
    for (const day of weekSlots(week, rules, timeZone)) {
      const offset = Math.round(
        (Date.UTC(day.date.year, day.date.month - 1, day.date.day) - Date.UTC(first.year, first.month - 1, first.day)) /
          86_400_000,
      );
      if (offset >= 0 && offset < days) {
        result.push({
          date: isoDate(day.date),
          weekday: isoWeekday(day.date.year, day.date.month, day.date.day),
          slots: day.slots.map((s) => ({
            ...s,
            state: taken.some((t) => t.start < s.end && s.start < t.end)
              ? 'taken'
              : s.start.getTime() < now.getTime() + rules.leadMinutes * 60_000
                ? 'past'
                : 'free',
          })),
        });
      }
      if (offset >= days) return result;
    }
  }
  return result;
}
