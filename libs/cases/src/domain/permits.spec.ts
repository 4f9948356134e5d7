import { addMonths, permitStatus } from './permits.js';

describe('permits', () => {
  it('adds months as a calendar does, keeping to the last day of a shorter month', () => {
    expect(addMonths('2026-03-01', 3)).toBe('2026-06-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 12)).toBe('2027-11-15');
    expect(addMonths('2026-12-10', 1)).toBe('2027-01-10');
  });

  it('says whether a permit holds on a day: both ends included, a revoked one never', () => {
    const permit = { validFrom: '2026-03-01', validUntil: '2026-05-31', revokedAt: null };
    expect(permitStatus(permit, '2026-02-28')).toBe('not-yet-valid');
    expect(permitStatus(permit, '2026-03-01')).toBe('valid');
    expect(permitStatus(permit, '2026-05-31')).toBe('valid');
    expect(permitStatus(permit, '2026-06-01')).toBe('expired');
    expect(permitStatus({ ...permit, revokedAt: new Date() }, '2026-04-01')).toBe('revoked');
  });
});
