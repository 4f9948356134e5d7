import { addDays, addYears, birthdayOf, grantWindow, localDate, reachesAgeWithin } from './grant-window.js';

describe('the grant window of a proactive benefit', () => {
  it('covers the residents who reached the age within the look back, today included', () => {
    const window = grantWindow('2026-05-20', 68, 30);
    expect(window).toEqual({ from: '2026-04-20', to: '2026-05-20', bornFrom: '1958-04-20', bornTo: '1958-05-20' });
    expect(reachesAgeWithin('1958-05-20', 68, window)).toBe(true); // today
    expect(reachesAgeWithin('1958-04-20', 68, window)).toBe(true); // 30 days ago
    expect(reachesAgeWithin('1958-04-19', 68, window)).toBe(false); // 31 days ago: an earlier run's
    expect(reachesAgeWithin('1958-05-21', 68, window)).toBe(false); // tomorrow: not yet
    expect(reachesAgeWithin('1957-05-20', 68, window)).toBe(false); // a year older
    expect(reachesAgeWithin('1990-05-20', 68, window)).toBe(false);
  });

  it('leaves no day out between the windows of consecutive runs, across a month and a year', () => {
    for (const [today, tomorrow] of [
      ['2026-02-28', '2026-03-01'],
      ['2028-02-28', '2028-02-29'],
      ['2028-02-29', '2028-03-01'],
      ['2026-12-31', '2027-01-01'],
    ]) {
      expect(grantWindow(tomorrow, 68, 0).bornFrom).toBe(addDays(grantWindow(today, 68, 0).bornTo, 1));
      expect(addYears(grantWindow(today, 68, 0).bornTo, 68)).toBe(today);
    }
  });

  it('counts a birthday on 29 February as 1 March in other years, and still grants it once a window covers it', () => {
    expect(birthdayOf('1956-02-29', 68)).toBe('2024-02-29'); // a leap year again
    expect(birthdayOf('1956-02-29', 69)).toBe('2025-03-01');
    expect(reachesAgeWithin('1956-02-29', 69, grantWindow('2025-03-01', 69, 0))).toBe(true);
    expect(reachesAgeWithin('1956-02-29', 69, grantWindow('2025-02-28', 69, 0))).toBe(false);
  });

  it("takes today as the municipality's date, not the server's", () => {
    // 22:30 UTC on 3 May is already 4 May in Helsinki, and still 3 May in Reykjavik.
    const now = new Date('2026-05-03T22:30:00Z');
    expect(localDate(now, 'Europe/Helsinki')).toBe('2026-05-04');
    expect(localDate(now, 'Atlantic/Reykjavik')).toBe('2026-05-03');
  });

  it('refuses a day that is not YYYY-MM-DD', () => {
    expect(() => grantWindow('20.5.2026', 68, 30)).toThrow('not a date');
  });
});
