import {
  formatCalendarDay,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  intlLocale,
  type FormatContext,
} from './formatting.js';

const tartu = (lang: FormatContext['lang']): FormatContext => ({ lang, timeZone: 'Europe/Tallinn', currency: 'EUR' });

describe('formatting for a page', () => {
  // 23:30 UTC on 23 November is already 24 November in Tallinn and Sofia.
  const lateEvening = '2026-11-23T23:30:00Z';

  it("gives the date in the municipality's time zone, in the page's language", () => {
    expect(formatDate(lateEvening, tartu('en'))).toBe('24 November 2026');
    expect(formatDate(lateEvening, tartu('et'))).toBe('24. november 2026');
    expect(formatDate(lateEvening, { ...tartu('sv'), timeZone: 'Europe/Stockholm' })).toBe('24 november 2026');
    expect(formatDate(lateEvening, { lang: 'en', timeZone: 'UTC', currency: 'EUR' })).toBe('23 November 2026');
  });

  it('heads a week view with the weekday and the day in the regional style (not the American one)', () => {
    expect(formatCalendarDay('2026-11-23', 'en')).toBe('Monday 23 November');
    expect(formatCalendarDay('2026-11-23', 'sv')).toBe('måndag 23 november');
    expect(formatCalendarDay('2026-11-23', 'et')).toBe('esmaspäev, 23. november');
    expect(intlLocale('en')).toBe('en-GB');
  });

  it('gives times in 24-hour local time', () => {
    expect(formatDateTime(lateEvening, tartu('et'))).toMatch(/01:30$/);
  });

  // Spaces as ICU writes them (no-break, narrow no-break), and grouping of four digits, differ
  // between ICU versions: the test pins what a reader sees, not the exact space.
  const space = '[\\s\\u00a0\\u202f]';
  const like = (pattern: string) => new RegExp(`^${pattern.replaceAll(' ', space).replaceAll('?', `${space}?`)}$`);

  it("gives numbers and money as the language writes them, in the municipality's currency", () => {
    expect(formatNumber(1234567.5, tartu('en'))).toBe('1,234,567.5');
    expect(formatNumber(1234567.5, tartu('fi'))).toMatch(like('1 234 567,5'));
    expect(formatMoney(123450, tartu('et'))).toMatch(like('1?234,50 €'));
    expect(formatMoney(123450, { lang: 'bg', timeZone: 'Europe/Sofia', currency: 'BGN' })).toMatch(
      like('1?234,50 лв\\.'),
    );
    expect(formatMoney(123450, { lang: 'sv', timeZone: 'Europe/Stockholm', currency: 'SEK' })).toMatch(
      like('1?234,50 kr'),
    );
  });
});
