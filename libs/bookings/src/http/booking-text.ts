import { currentTenantSettings } from '@townhall/tenancy';
import { intlLocale } from '@townhall/web';

/** The text of a per-language field in the page's language, else the municipality's default, else any. */
export function textIn(texts: Record<string, string>, locale: string): string {
  return texts[locale] ?? texts[currentTenantSettings().defaultLocale] ?? Object.values(texts)[0] ?? '';
}

/**
 * When a booking is, in the page's language as the region writes it and the municipality's time
 * zone: "Tuesday 1 December 2026 at 18:00–20:00" (en-GB, not the American "6:00 PM").
 */
export function whenText(start: Date, end: Date, locale: string, timeZone: string): string {
  const regional = intlLocale(locale);
  const day = new Intl.DateTimeFormat(regional, { dateStyle: 'full', timeStyle: 'short', timeZone });
  const time = new Intl.DateTimeFormat(regional, { timeStyle: 'short', timeZone });
  return `${day.format(start)}–${time.format(end)}`;
}
