import type { PageLocale } from './translations.js';

/** The regional variant each page language is formatted in (dates, numbers, money). */
const INTL_LOCALES: Record<PageLocale, string> = { et: 'et-EE', en: 'en-GB', bg: 'bg-BG', sv: 'sv-SE', fi: 'fi-FI' };

export interface FormatContext {
  lang: PageLocale;
  /** The municipality's time zone: a date is the date there, wherever the server runs. */
  timeZone: string;
  currency: string;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** 24 November 2026 / 24. november 2026 / 24 ноември 2026 г. … */
export function formatDate(value: Date | string | number, context: FormatContext): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[context.lang], { dateStyle: 'long', timeZone: context.timeZone }).format(
    toDate(value),
  );
}

export function formatDateTime(value: Date | string | number, context: FormatContext): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[context.lang], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: context.timeZone,
  }).format(toDate(value));
}

export function formatNumber(value: number, context: FormatContext): string {
  return new Intl.NumberFormat(INTL_LOCALES[context.lang]).format(value);
}

/** An amount in minor units (cents), in the municipality's currency. */
export function formatMoney(minorUnits: number, context: FormatContext): string {
  return new Intl.NumberFormat(INTL_LOCALES[context.lang], { style: 'currency', currency: context.currency }).format(
    minorUnits / 100,
  );
}
