import { addDays, clock, instantOf, isoWeekday, wallTimeAt, type WallTime } from './zoned-time.js';

/** The days of the week as the tenant files name them, Monday first (ISO weekday = index + 1). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock intervals per weekday: `{ monday: ['17:00-21:00'] }`; a missing day is not bookable. */
export type BookableHours = Partial<Record<Weekday, string[]>>;

/** An interval of the day, in minutes since local midnight (end may be 1440). */
export interface DayInterval {
  from: number;
  to: number;
}

export const INTERVAL = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** Parses 'HH:MM-HH:MM'; null when it is not one, or ends before it starts. */
export function parseInterval(text: string): DayInterval | null {
  const m = INTERVAL.exec(text);
  if (!m) return null;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  return to > from && to <= 1440 ? { from, to } : null;
}

/** The intervals of an ISO weekday (1 = Monday), sorted. */
export function intervalsOf(hours: BookableHours, weekday: number): DayInterval[] {
  return (hours[WEEKDAYS[weekday - 1]] ?? [])
    .map(parseInterval)
    .filter((i): i is DayInterval => i !== null)
    .sort((a, b) => a.from - b.from);
}

/**
 * The bookable hours in words, consecutive days with the same hours joined:
 * "Monday to Friday 17:00–21:00". Day names in the given language.
 */
export function describeHours(hours: BookableHours, locale = 'en'): string {
  const dayName = (weekday: number) =>
    // 2024-01-01 was a Monday.
    new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, weekday)));
  const to = { en: 'to', et: 'kuni', fi: '–', sv: 'till', bg: 'до' }[locale] ?? 'to';
  const groups: { first: number; last: number; text: string }[] = [];
  for (let day = 1; day <= 7; day++) {
    const text = intervalsOf(hours, day)
      .map((i) => `${clock(i.from)}–${clock(i.to)}`)
      .join(', ');
    if (!text) continue;
    const last = groups.at(-1);
    if (last && last.last === day - 1 && last.text === text) last.last = day;
    else groups.push({ first: day, last: day, text });
  }
  if (groups.length === 0) return '';
  return groups
    .map((g) => {
      const days =
        g.first === g.last
          ? dayName(g.first)
          : g.last === g.first + 1
            ? `${dayName(g.first)}, ${dayName(g.last)}`
            : to === '–'
              ? `${dayName(g.first)}–${dayName(g.last)}`
              : `${dayName(g.first)} ${to} ${dayName(g.last)}`;
      return `${days} ${g.text}`;
    })
    .join('; ');
}

/** The rules of a resource that a requested time must keep. */
export interface BookingRules {
  bookableHours: BookableHours;
  slotMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  leadMinutes: number;
}

/** Why a time cannot be booked: the field and the message, naming the rule. */
export interface RuleProblem {
  field: 'start' | 'end';
  message: string;
}

/**
 * Checks a requested time against a resource's rules, in the municipality's time zone: the
 * whole time within one of the day's bookable intervals (local wall-clock time, daylight
 * saving included), a whole number of slots, between the shortest and the longest booking,
 * and not sooner than the lead time. Returns the problems (empty when bookable).
 */
export function ruleProblems(
  start: Date,
  end: Date,
  rules: BookingRules,
  timeZone: string,
  now: Date = new Date(),
): RuleProblem[] {
  const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
  if (minutes <= 0) return [{ field: 'end', message: 'end must be after start' }];
  const problems: RuleProblem[] = [];
  const from = wallTimeAt(start, timeZone);
  const to = wallTimeAt(end, timeZone);
  const sameDay = from.year === to.year && from.month === to.month && from.day === to.day;
  const endsAtMidnight = to.hour === 0 && to.minute === 0 && sameDate(addDays(from, 1), to);
  const fromMin = from.hour * 60 + from.minute;
  const toMin = endsAtMidnight ? 1440 : to.hour * 60 + to.minute;
  const inHours =
    (sameDay || endsAtMidnight) &&
    intervalsOf(rules.bookableHours, isoWeekday(from.year, from.month, from.day)).some(
      (i) => i.from <= fromMin && toMin <= i.to,
    );
  if (!inHours) {
    const hours = describeHours(rules.bookableHours);
    problems.push({
      field: 'start',
      message: hours ? `the time is outside the bookable hours: bookable ${hours}` : 'this resource is not bookable',
    });
  }
  if (minutes < rules.minMinutes)
    problems.push({ field: 'end', message: `a booking must last at least ${duration(rules.minMinutes)}` });
  if (minutes > rules.maxMinutes)
    problems.push({ field: 'end', message: `a booking may last at most ${duration(rules.maxMinutes)}` });
  if (fromMin % rules.slotMinutes !== 0 || minutes % rules.slotMinutes !== 0)
    problems.push({
      field: 'start',
      message: `bookings start and end on whole ${rules.slotMinutes}-minute slots`,
    });
  if (start.getTime() < now.getTime() + rules.leadMinutes * 60_000)
    problems.push({
      field: 'start',
      message:
        rules.leadMinutes > 0
          ? `a booking must be made at least ${duration(rules.leadMinutes)} ahead`
          : 'the time has passed',
    });
  return problems;
}

function sameDate(a: { year: number; month: number; day: number }, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** 90 → "1 h 30 min", 2880 → "48 h". */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ') || '0 min';
}

/** One slot of the week view. */
export interface WeekSlot {
  start: Date;
  end: Date;
  /** Local wall-clock time of day, HH:MM. */
  time: string;
}

/** The bookable slots of the seven days from `monday` (a local date), as UTC instants. */
export function weekSlots(
  monday: { year: number; month: number; day: number },
  rules: Pick<BookingRules, 'bookableHours' | 'slotMinutes'>,
  timeZone: string,
): { date: { year: number; month: number; day: number }; slots: WeekSlot[] }[] {
  return [0, 1, 2, 3, 4, 5, 6].map((offset) => {
    const date = addDays(monday, offset);
    const slots: WeekSlot[] = [];
    for (const interval of intervalsOf(rules.bookableHours, isoWeekday(date.year, date.month, date.day))) {
      for (let m = interval.from; m + rules.slotMinutes <= interval.to; m += rules.slotMinutes) {
        const at = (minute: number) =>
          minute >= 1440
            ? instantOf({ ...addDays(date, 1), hour: 0, minute: minute - 1440 }, timeZone)
            : instantOf({ ...date, hour: Math.floor(minute / 60), minute: minute % 60 }, timeZone);
        slots.push({ start: at(m), end: at(m + rules.slotMinutes), time: clock(m) });
      }
    }
    return { date, slots };
  });
}
