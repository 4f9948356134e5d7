/**
 * Deadlines count working days (Monday to Friday). Public holidays differ by country and
 * year and are not counted yet (docs/cases.md, known gaps): a deadline may fall a day early.
 */
export function addWorkingDays(from: Date, days: number): Date {
  const result = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    result.setUTCDate(result.getUTCDate() + 1);
    const weekday = result.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return result;
}

/** Calendar days, for periods the law counts that way (appeals, reports). */
export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * 86_400_000);
}
