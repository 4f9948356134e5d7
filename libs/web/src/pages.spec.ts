import type nunjucks from 'nunjucks';
import { Translations } from './i18n/translations.js';
import { Pages } from './pages.js';

describe('pages', () => {
  const env = (new Pages(new Translations()) as unknown as { env: nunjucks.Environment }).env;

  it("format dates, numbers and money in templates for the page's language and the municipality", () => {
    const context = {
      lang: 'et',
      tenant: { name: 'Tartu linn', timeZone: 'Europe/Tallinn', currency: 'EUR', branding: {} },
      sentAt: '2026-11-23T23:30:00Z',
      fee: 2500,
    };
    expect(env.renderString('{{ sentAt | date }} · {{ fee | money }}', context)).toMatch(
      /^24\. november 2026 · 25,00\s€$/,
    );
  });

  it('escape what they print', () => {
    expect(env.renderString('{{ name }}', { name: '<script>alert(1)</script>' })).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });
});
