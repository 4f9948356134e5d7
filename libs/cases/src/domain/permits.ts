import type { ServiceTemplate } from '@townhall/catalogue';

/** What a permit document and its verification page say, read from the application's answers. */
export interface PermitFacts {
  kind: 'parking';
  registration: string;
  zone: string;
  zoneLabel: Record<string, string>;
  validFrom: string;
  validUntil: string;
}

export type PermitStatus = 'valid' | 'not-yet-valid' | 'expired' | 'revoked';

const MONTHS: Record<string, number> = { month: 1, quarter: 3, year: 12 };

/**
 * The permit a positive decision issues, for services whose output (cpsv.outputs) is a
 * `parking-permit`: the car's registration, the zone (with its name in each language, from
 * the pinned form's options), and the period from `validFrom` for a month, a quarter or a
 * year (`period`). Null for any other service, or answers that do not say all of it.
 */
export function permitOf(service: ServiceTemplate, answers: Record<string, unknown>): PermitFacts | null {
  if (!service.cpsv.outputs.some((o) => o.id === 'parking-permit')) return null;
  const { registrationNumber, zone, validFrom, period } = answers;
  if (typeof registrationNumber !== 'string' || typeof zone !== 'string') return null;
  if (typeof validFrom !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(validFrom)) return null;
  const months = typeof period === 'string' ? MONTHS[period] : undefined;
  if (!months) return null;
  const options = service.form.ui.fields.zone?.options?.[zone] as Record<string, string> | undefined;
  return {
    kind: 'parking',
    registration: registrationNumber,
    zone,
    zoneLabel: { ...(options ?? { en: zone }) },
    validFrom,
    validUntil: dayBefore(addMonths(validFrom, months)),
  };
}

/** What the verification page says of a permit on `today` (YYYY-MM-DD, the municipality's day). */
export function permitStatus(
  permit: { validFrom: string; validUntil: string; revokedAt: Date | null },
  today: string,
): PermitStatus {
  if (permit.revokedAt) return 'revoked';
  if (today > permit.validUntil) return 'expired';
  if (today < permit.validFrom) return 'not-yet-valid';
  return 'valid';
}

/** The day (YYYY-MM-DD) `at` falls on in the time zone. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The same day of the month `months` later; the month's last day when it has no such day (31 January + 1 → 28/29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
