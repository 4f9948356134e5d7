import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@townhall/platform';
import { loadCatalogues, PAGE_LOCALES, Translations } from './translations.js';

/** Every key of a catalogue, as dotted paths, with its text. */
function flatten(messages: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const keys = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object')
      for (const [k, v] of flatten(value as Record<string, unknown>, dotted)) keys.set(k, v);
    else keys.set(dotted, value);
  }
  return keys;
}

describe('message catalogues', () => {
  const catalogues = loadCatalogues();
  const english = flatten(catalogues.en);

  it.each(PAGE_LOCALES)('%s has every key English has, no other, and no empty text', (locale) => {
    const keys = flatten(catalogues[locale]);
    expect([...keys.keys()].sort()).toEqual([...english.keys()].sort());
    const empty = [...keys].filter(([, text]) => typeof text !== 'string' || text.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
    // A placeholder of the English text is in every translation of it.
    const missing = [...english]
      .flatMap(([key, text]) => [...String(text).matchAll(/{{(\w+)}}/g)].map((m) => [key, m[1]]))
      .filter(([key, name]) => !String(keys.get(key)).includes(`{{${name}}}`))
      .map(([key, name]) => `${key}: {{${name}}}`);
    expect(missing).toEqual([]);
  });

  it('has a text for every key the templates name', () => {
    const libs = path.join(projectRoot(), 'libs');
    const named = new Set<string>();
    for (const lib of readdirSync(libs)) {
      const dir = path.join(libs, lib, 'templates');
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        for (const match of readFileSync(path.join(dir, file), 'utf8').matchAll(/\bt\('([\w.]+)'\s*[,)]/g))
          named.add(match[1]);
      }
    }
    expect(named.size).toBeGreaterThan(10);
    // A key with a count is written in its plural forms (key_one, key_other).
    const known = (key: string) => english.has(key) || (english.has(`${key}_one`) && english.has(`${key}_other`));
    expect([...named].filter((key) => !known(key))).toEqual([]);
  });

  it('translates with the values filled in', () => {
    const t = new Translations().t('et');
    expect(t('web.signedInAs', { name: 'Mari Maasikas' })).toBe('Sisse logitud: Mari Maasikas');
    expect(new Translations().t('bg')('identity.login.title')).toBe('Вход');
  });
});
