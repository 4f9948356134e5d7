import { ruleProblems, describeHours, weekSlots } from './bookable-hours.js';
import { instantOf, offsetMinutesAt, wallTimeAt } from './zoned-time.js';

const TALLINN = 'Europe/Tallinn';
const auditorium = {
  bookableHours: {
    monday: ['17:00-21:00'],
    tuesday: ['17:00-21:00'],
    wednesday: ['17:00-21:00'],
    thursday: ['17:00-21:00'],
    friday: ['17:00-21:00'],
  },
  slotMinutes: 30,
  minMinutes: 60,
  maxMinutes: 240,
  leadMinutes: 0,
};
const longAgo = new Date('2020-01-01T00:00:00Z');

describe('wall-clock time in the municipality’s time zone', () => {
  it('converts across the spring change (last Sunday of March: 03:00 → 04:00 in Tallinn)', () => {
    // Saturday 28 March 2026 is still winter time (UTC+2), Monday 30 March summer time (UTC+3).
    expect(instantOf({ year: 2026, month: 3, day: 27, hour: 18, minute: 0 }, TALLINN).toISOString()).toBe(
      '2026-03-27T16:00:00.000Z',
    );
    expect(instantOf({ year: 2026, month: 3, day: 30, hour: 18, minute: 0 }, TALLINN).toISOString()).toBe(
      '2026-03-30T15:00:00.000Z',
    );
    expect(offsetMinutesAt(new Date('2026-03-29T00:59:00Z'), TALLINN)).toBe(120);
    expect(offsetMinutesAt(new Date('2026-03-29T01:00:00Z'), TALLINN)).toBe(180);
    // 03:30 does not exist that night: read with the offset before the change (04:30 summer time).
    expect(instantOf({ year: 2026, month: 3, day: 29, hour: 3, minute: 30 }, TALLINN).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('converts across the autumn change (last Sunday of October: 04:00 → 03:00), taking the first of a repeated time', () => {
    expect(instantOf({ year: 2026, month: 10, day: 23, hour: 18, minute: 0 }, TALLINN).toISOString()).toBe(
      '2026-10-23T15:00:00.000Z',
    );
    expect(instantOf({ year: 2026, month: 10, day: 26, hour: 18, minute: 0 }, TALLINN).toISOString()).toBe(
      '2026-10-26T16:00:00.000Z',
    );
    expect(instantOf({ year: 2026, month: 10, day: 25, hour: 3, minute: 30 }, TALLINN).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(wallTimeAt(new Date('2026-10-25T01:30:00Z'), TALLINN)).toEqual({
      year: 2026,
      month: 10,
      day: 25,
      hour: 3,
      minute: 30,
    });
  });

  it('keeps the week view at 17:00 local on both sides of the change', () => {
    const week = weekSlots({ year: 2026, month: 3, day: 23 }, auditorium, TALLINN);
    expect(week[4].slots[0]).toMatchObject({ time: '17:00', start: new Date('2026-03-27T15:00:00Z') });
    const next = weekSlots({ year: 2026, month: 3, day: 30 }, auditorium, TALLINN);
    expect(next[0].slots[0]).toMatchObject({ time: '17:00', start: new Date('2026-03-30T14:00:00Z') });
    expect(next[5].slots).toEqual([]);
  });

  it('accepts a booking within the hours the Monday after the change, and names the hours when refusing', () => {
    const start = instantOf({ year: 2026, month: 3, day: 30, hour: 18, minute: 0 }, TALLINN);
    const end = instantOf({ year: 2026, month: 3, day: 30, hour: 20, minute: 0 }, TALLINN);
    expect(ruleProblems(start, end, auditorium, TALLINN, longAgo)).toEqual([]);
    // The same UTC hours read with winter time would be 17:00–19:00 UTC+2 = 18:00 in summer: fine; 16:00 is not.
    const early = ruleProblems(
      new Date('2026-03-30T13:00:00Z'),
      new Date('2026-03-30T15:00:00Z'),
      auditorium,
      TALLINN,
      longAgo,
    );
    expect(early[0].message).toBe('the time is outside the bookable hours: bookable Monday to Friday 17:00–21:00');
    const saturday = ruleProblems(
      new Date('2026-03-28T16:00:00Z'),
      new Date('2026-03-28T18:00:00Z'),
      auditorium,
      TALLINN,
      longAgo,
    );
    expect(saturday.map((p) => p.message)).toContain(
      'the time is outside the bookable hours: bookable Monday to Friday 17:00–21:00',
    );
  });

  it('refuses durations and lead times outside the rules', () => {
    const at = (h: number, m = 0) => instantOf({ year: 2026, month: 3, day: 31, hour: h, minute: m }, TALLINN);
    expect(ruleProblems(at(17), at(17, 30), auditorium, TALLINN, longAgo)[0].message).toBe(
      'a booking must last at least 1 h',
    );
    expect(ruleProblems(at(17), at(21), { ...auditorium, maxMinutes: 120 }, TALLINN, longAgo)[0].message).toBe(
      'a booking may last at most 2 h',
    );
    expect(
      ruleProblems(at(18), at(20), { ...auditorium, leadMinutes: 2880 }, TALLINN, new Date('2026-03-30T12:00:00Z'))[0]
        .message,
    ).toBe('a booking must be made at least 48 h ahead');
  });

  it('describes hours in words, in the page language', () => {
    expect(describeHours(auditorium.bookableHours)).toBe('Monday to Friday 17:00–21:00');
    expect(describeHours({ saturday: ['10:00-12:00', '13:00-15:00'] })).toBe('Saturday 10:00–12:00, 13:00–15:00');
    expect(describeHours(auditorium.bookableHours, 'et')).toBe('esmaspäev kuni reede 17:00–21:00');
  });
});
