import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { pageLocale } from './i18n/page-locale.js';
import { formatDate, formatDateTime, formatMoney, formatNumber, type FormatContext } from './i18n/formatting.js';
import { LOCALE_NAMES, Translations, type PageLocale } from './i18n/translations.js';
import { projectRoot } from '@townhall/platform';

/** Every library's templates folder, the page layer's first: a library's page extends its layout. */
function templateFolders(): string[] {
  const libs = path.join(projectRoot(), 'libs');
  const web = path.join(libs, 'web', 'templates');
  const others = readdirSync(libs)
    .filter((lib) => lib !== 'web')
    .map((lib) => path.join(libs, lib, 'templates'))
    .filter((dir) => existsSync(dir));
  return [web, ...others];
}

/** What every page knows: set by the caller from the tenant and the session. */
export interface PageContext {
  title: string;
  tenant?: {
    name: string;
    branding: { primaryColor?: string; primaryTextColor?: string; logoUrl?: string; logo?: { sha256: string } };
  };
  /** The logged-in person's name, for the header. */
  signedInAs?: string;
  /** The session's CSRF token, for forms that change something. */
  csrfToken?: string;
  [key: string]: unknown;
}

/**
 * Renders server-side pages with Nunjucks (autoescaped, templates compiled once and kept).
 * Libraries keep their templates in libs/<name>/templates and name them by file.
 */
@Injectable()
export class Pages {
  private readonly env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(templateFolders(), { noCache: false, watch: false }),
    { autoescape: true, throwOnUndefined: false },
  );

  constructor(private readonly translations: Translations) {
    // {{ sentAt | date }}, {{ at | dateTime }}, {{ count | number }}, {{ feeCents | money }}: in the
    // page's language, the municipality's time zone and currency.
    const formatters = { date: formatDate, dateTime: formatDateTime, number: formatNumber, money: formatMoney };
    for (const [name, format] of Object.entries(formatters)) {
      this.env.addFilter(name, function (this: { ctx: PageContext }, value: never) {
        return format(value, formatContext(this.ctx));
      });
    }
  }

  renderToString(template: string, context: PageContext): string {
    return this.env.render(template, context);
  }

  /**
   * Sends the page as the reply, in the person's language (`lang`, `t` and the language
   * switcher's links join the context). HTML, never kept by shared caches: pages may be personal.
   */
  send(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    context: PageContext,
    status = 200,
  ): FastifyReply {
    const html = this.render(request, reply, template, context);
    return reply.status(status).type('text/html; charset=utf-8').send(html);
  }

  /** The page as HTML, in the person's language (and the reply's language and cache headers). */
  render(request: FastifyRequest, reply: FastifyReply, template: string, context: PageContext): string {
    const { locale, offered } = pageLocale(request, reply);
    const here = new URL(request.url, 'http://page');
    const languages = offered.map((code) => {
      here.searchParams.set('lang', code);
      return { code, name: LOCALE_NAMES[code], href: `${here.pathname}${here.search}`, current: code === locale };
    });
    void reply.header('Cache-Control', 'no-store').header('Content-Language', locale);
    return this.renderToString(template, { ...context, lang: locale, t: this.translations.t(locale), languages });
  }
}

function formatContext(context: PageContext): FormatContext {
  const tenant = context.tenant as { timeZone?: string; currency?: string } | undefined;
  return {
    lang: (context.lang as PageLocale | undefined) ?? 'en',
    timeZone: tenant?.timeZone ?? 'UTC',
    currency: tenant?.currency ?? 'EUR',
  };
}
