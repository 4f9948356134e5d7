import path from 'node:path';
import nunjucks from 'nunjucks';
import { Translations } from '@townhall/web';
import { axeViolations, openBrowser, screenshot, type TestBrowser } from '../support/browser.js';

/**
 * The page layer's components (libs/web/templates/components.njk) rendered together, with
 * errors, in the layout and a municipality's colours: axe-core finds nothing at desktop and
 * phone widths, the error summary links to its fields, errors are tied to their fields.
 */
describe('page components in a browser', () => {
  let browser: TestBrowser;
  let html: string;

  beforeAll(async () => {
    const env = new nunjucks.Environment(
      new nunjucks.FileSystemLoader([path.resolve('libs/web/templates'), path.resolve('test/browser/fixtures')]),
      { autoescape: true },
    );
    html = env.render('gallery.njk', {
      title: 'web.platform',
      lang: 'en',
      t: new Translations().t('en'),
      languages: [],
      tenant: { name: 'Tartu linn', branding: { primaryColor: '#00558c', primaryTextColor: '#ffffff' } },
      pageHref: (page: number) => `/my/applications?page=${page}`,
    });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('are accessible with errors shown, at 1280 and 320 px', async () => {
    const { page } = browser;
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 });
      await page.setContent(html);
      expect({ width, violations: await axeViolations(page) }).toEqual({ width, violations: [] });
      await screenshot(page, `components-${width}`);
    }
  });

  it('tie each error to its field and link the summary to the fields', async () => {
    const { page } = browser;
    await page.setContent(html);
    await expect(page.locator('#email').getAttribute('aria-describedby')).resolves.toBe('email-hint email-error');
    await expect(page.locator('#email').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(
      page.locator('.error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).resolves.toEqual(['#email', '#choice']);
    await expect(page.locator('[aria-current="step"]').textContent()).resolves.toBe('Details');
    await expect(page.locator('.pagination [aria-current="page"]').textContent()).resolves.toBe('2');
    await expect(page.getByLabel('Day').inputValue()).resolves.toBe('27');
  });
});
