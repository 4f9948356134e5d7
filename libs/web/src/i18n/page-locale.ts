import type { FastifyReply, FastifyRequest } from 'fastify';
import { PAGE_LOCALES, type PageLocale } from './translations.js';

export const LANGUAGE_COOKIE = 'townhall-lang';

function isPageLocale(value: unknown): value is PageLocale {
  return (PAGE_LOCALES as readonly unknown[]).includes(value);
}

/**
 * The language of a page: one the person chose (?lang=, then remembered in a cookie), else
 * the first of their browser's languages the municipality offers, else its default. Only
 * the municipality's languages (all five in the admin app).
 */
export function pageLocale(
  request: FastifyRequest,
  reply: FastifyReply,
): { locale: PageLocale; offered: PageLocale[] } {
  const tenant = request.tenant;
  const offered = (tenant ? tenant.locales.filter(isPageLocale) : [...PAGE_LOCALES]) as PageLocale[];
  const fallback = (tenant && isPageLocale(tenant.defaultLocale) ? tenant.defaultLocale : 'en') as PageLocale;
  const chosen = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isPageLocale(chosen) && offered.includes(chosen)) {
    reply.setCookie(LANGUAGE_COOKIE, chosen, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
    return { locale: chosen, offered };
  }
  // Errors raised before the cookie parser ran (an unknown host) have no cookies yet.
  const remembered = request.cookies?.[LANGUAGE_COOKIE];
  if (isPageLocale(remembered) && offered.includes(remembered)) return { locale: remembered, offered };
  const accepted = (request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.split(';')[0].trim().slice(0, 2).toLowerCase());
  const preferred = accepted.find((l): l is PageLocale => isPageLocale(l) && offered.includes(l));
  return { locale: preferred ?? (offered.includes(fallback) ? fallback : (offered[0] ?? 'en')), offered };
}
