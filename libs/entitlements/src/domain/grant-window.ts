/** A day, as YYYY-MM-DD. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: IsoDate): [number, number, number] {
  const m = ISO_DATE.exec(day);
  if (!m) throw new Error(`not a date YYYY-MM-DD: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function format(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** The date it is at `now` in a time zone (the municipality's "today"). */
export function localDate(now: Date, timeZone: string): IsoDate {
  const values = Object.fromEntries(
    new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${values.year}-${values.month}-${values.day}`;
}

export function addDays(day: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(day);
  return format(new Date(Date.UTC(y, m - 1, d + days)));
}

/** The same day `years` later (or earlier); 29 February of a year without one is 1 March. */
export function addYears(day: IsoDate, years: number): IsoDate {
  const [y, m, d] = parts(day);
  return format(new Date(Date.UTC(y + years, m - 1, d)));
}

/** The day someone born on `dateOfBirth` reaches `age`. */
export function birthdayOf(dateOfBirth: IsoDate, age: number): IsoDate {
  return addYears(dateOfBirth, age);
}

/**
 * Whose entitlement a run grants: the residents who reached the age within the last
 * `lookbackDays` days or today ([from, to], both included), i.e. who were born between
 * `bornFrom` and `bornTo`. The look back lets a run catch up on the days runs were missed
 * (the worker or the register down); the entitlement's uniqueness keeps that from
 * granting anyone twice.
 */
export interface GrantWindow {
  from: IsoDate;
  to: IsoDate;
  bornFrom: IsoDate;
  bornTo: IsoDate;
}

export function grantWindow(today: IsoDate, minimumAge: number, lookbackDays: number): GrantWindow {
  const from = addDays(today, -lookbackDays);
  return { from, to: today, bornFrom: addYears(from, -minimumAge), bornTo: addYears(today, -minimumAge) };
}

/** Whether someone born on `dateOfBirth` reaches `age` within the window. */
export function reachesAgeWithin(dateOfBirth: IsoDate, age: number, window: GrantWindow): boolean {
  const birthday = birthdayOf(dateOfBirth, age);
  return birthday >= window.from && birthday <= window.to;
}
