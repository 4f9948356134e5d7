import type { PageLocale } from './translations.js';

/** The regional variant each page language is formatted in (dates, numbers, money). */
const INTL_LOCALES: Record<PageLocale, string> = { et: 'et-EE', en: 'en-GB', bg: 'bg-BG', sv: 'sv-SE', fi: 'fi-FI' };

/**
 * The regional variant to hand Intl for a page language (en → en-GB: "23 November", 24-hour
 * clock; a bare "en" would be American). A language Townhall does not know is passed on as is.
 */
export function intlLocale(lang: string): string {
  return INTL_LOCALES[lang as PageLocale] ?? lang;
}

export interface FormatContext {
  lang: PageLocale;
  /** The municipality's time zone: a date is the date there, wherever the server runs. */
  timeZone: string;
  currency: string;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * Building an Intl formatter costs far more than formatting with it (it loads locale data),
 * and a page or a batch of messages formats many values alike: formatters are kept per
 * language, time zone or currency, and style. There are few of each.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function kept<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** 24 November 2026 / 24. november 2026 / 24 ноември 2026 г. … */
export function formatDate(value: Date | string | number, context: FormatContext): string {
  const locale = INTL_LOCALES[context.lang];
  return kept(
    `date|${locale}|${context.timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: context.timeZone }),
  ).format(toDate(value));
}

export function formatDateTime(value: Date | string | number, context: FormatContext): string {
  const locale = INTL_LOCALES[context.lang];
  return kept(
    `dateTime|${locale}|${context.timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: context.timeZone }),
  ).format(toDate(value));
}

export function formatNumber(value: number, context: FormatContext): string {
  const locale = INTL_LOCALES[context.lang];
  return kept(`number|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** An amount in minor units (cents), in the municipality's currency. */
export function formatMoney(minorUnits: number, context: FormatContext): string {
  const locale = INTL_LOCALES[context.lang];
  return kept(
    `money|${locale}|${context.currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency: context.currency }),
  ).format(minorUnits / 100);
}

/**
 * A day of the calendar with its weekday, as a week view heads its columns: "Monday 23
 * November" / "esmaspäev, 23. november" / "måndag 23 november". `date` is a local date
 * (YYYY-MM-DD) already in the municipality's time zone, so no zone shifts it.
 */
export function formatCalendarDay(date: string, lang: PageLocale): string {
  const [year, month, day] = date.split('-').map(Number);
  const locale = INTL_LOCALES[lang];
  return kept(
    `calendarDay|${locale}`,
    () => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
  ).format(new Date(Date.UTC(year, month - 1, day)));
}
