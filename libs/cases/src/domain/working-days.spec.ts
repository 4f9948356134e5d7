import { addWorkingDays } from './working-days.js';

describe('addWorkingDays', () => {
  it('skips the weekend', () => {
    // Friday 2026-11-20 + 1 working day = Monday 2026-11-23
    expect(addWorkingDays(new Date('2026-11-20T10:00:00Z'), 1).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    // Monday + 10 working days = the Monday two weeks later
    expect(addWorkingDays(new Date('2026-11-23T10:00:00Z'), 10).toISOString()).toBe('2026-12-07T10:00:00.000Z');
  });

  it('counts from a Saturday to the next working days', () => {
    expect(addWorkingDays(new Date('2026-11-21T08:00:00Z'), 1).toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });
});
