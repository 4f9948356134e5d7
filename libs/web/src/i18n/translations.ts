import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import i18next, { type i18n, type TFunction } from 'i18next';
import { projectRoot } from '@townhall/platform';

/** The languages Townhall's pages are written in; a municipality offers some of them. */
export const PAGE_LOCALES = ['et', 'en', 'bg', 'sv', 'fi'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

/** Each language's name in that language, for the language switcher. */
export const LOCALE_NAMES: Record<PageLocale, string> = {
  et: 'Eesti',
  en: 'English',
  bg: 'Български',
  sv: 'Svenska',
  fi: 'Suomi',
};

type Catalogue = Record<string, unknown>;

/** Every library's message catalogues (libs/<lib>/locales/<locale>.json), merged per language. */
export function loadCatalogues(): Record<PageLocale, Catalogue> {
  const libs = path.join(projectRoot(), 'libs');
  const catalogues = Object.fromEntries(PAGE_LOCALES.map((l) => [l, {}])) as Record<PageLocale, Catalogue>;
  for (const lib of readdirSync(libs)) {
    for (const locale of PAGE_LOCALES) {
      const file = path.join(libs, lib, 'locales', `${locale}.json`);
      if (!existsSync(file)) continue;
      const messages = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
      for (const key of Object.keys(messages)) {
        if (key in catalogues[locale]) throw new Error(`${file}: the key ${key} is another library's`);
      }
      Object.assign(catalogues[locale], messages);
    }
  }
  return catalogues;
}

/**
 * The pages' texts, with i18next: every string of every page is a key in the message
 * catalogues, in all five languages (a test compares their keys).
 */
@Injectable()
export class Translations {
  private readonly i18n: i18n = i18next.createInstance();
  private readonly fixed = new Map<PageLocale, TFunction>();

  constructor() {
    void this.i18n.init({
      resources: Object.fromEntries(
        Object.entries(loadCatalogues()).map(([locale, messages]) => [locale, { translation: messages }]),
      ),
      lng: 'en',
      fallbackLng: false,
      initAsync: false,
      interpolation: { escapeValue: false }, // Nunjucks escapes what it prints
      returnNull: false,
    });
    for (const locale of PAGE_LOCALES) this.fixed.set(locale, memoized(this.i18n.getFixedT(locale)));
  }

  t(locale: PageLocale): TFunction {
    return this.fixed.get(locale)!;
  }
}

/**
 * A page asks for dozens of texts, most without values; i18next resolves each anew (a fifth
 * of rendering a page). Texts without values are the same every time: kept after the first.
 */
function memoized(t: TFunction): TFunction {
  const plain = new Map<string, string>();
  return ((key: string | string[], options?: unknown) => {
    if (options !== undefined || typeof key !== 'string') return t(key as never, options as never);
    let text = plain.get(key);
    if (text === undefined) plain.set(key, (text = t(key) as string));
    return text;
  }) as TFunction;
}
