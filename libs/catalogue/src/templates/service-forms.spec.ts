import { formStepView } from '@townhall/forms';
import { Pages, Translations } from '@townhall/web';
import { SUPPORTED_LOCALES } from '@townhall/tenancy';
import { readServiceTemplates, serviceTemplatesFolder } from './service-template.library.js';

const only = process.env.TEMPLATES?.split(',').concat('felling-permit');
const templates = readServiceTemplates(serviceTemplatesFolder(), only);
const translations = new Translations();
const pages = new Pages(translations);

/**
 * Every step of every template's form (and of its follow-ups) renders in every language:
 * each field with its label in that language, no raw key, nothing undefined.
 */
describe('the forms of the service templates', () => {
  const cases = templates.flatMap((t) =>
    SUPPORTED_LOCALES.map((locale) => [`${t.code} v${t.version} in ${locale}`, t, locale] as const),
  );

  it.each(cases)('%s renders', (_, template, locale) => {
    const forms = [template.form, ...(template.followUps ?? []).map((f) => f.form)];
    for (const form of forms) {
      form.ui.steps.forEach((_step, index) => {
        const step = formStepView(form, index, locale, template.example);
        const html = pages.renderToString('form-fields.njk', {
          title: '',
          step,
          lang: locale,
          t: translations.t(locale),
        });
        for (const field of step.fields) expect(html).toContain(escape(field.label));
        expect(html).not.toMatch(/undefined|\[object Object\]|web\.components\./);
      });
    }
  });
});

/**
 * A select starts on an empty "Choose…" option (no template gives one a default): a person
 * who does not choose sends nothing, and is asked to choose, instead of sending the first
 * option. What an answer chose is selected.
 */
describe('the selects of the service templates', () => {
  const cases = templates.flatMap((t) =>
    SUPPORTED_LOCALES.map((locale) => [`${t.code} v${t.version} in ${locale}`, t, locale] as const),
  );

  it.each(cases)('%s start on "Choose…" until chosen', (_, template, locale) => {
    const t = translations.t(locale);
    const forms = [template.form, ...(template.followUps ?? []).map((f) => f.form)];
    for (const form of forms) {
      form.ui.steps.forEach((_step, index) => {
        for (const answers of [{}, template.example]) {
          const step = formStepView(form, index, locale, answers);
          const selects = step.fields.flatMap((f) => [f, ...(f.items ?? []).flatMap((item) => item.fields)]);
          const expected = selects.filter((f) => f.widget === 'select');
          const html = pages.renderToString('form-fields.njk', { title: '', step, lang: locale, t });
          const rendered = [...html.matchAll(/<select id="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)].map(
            ([, id, body]) => ({
              id,
              options: [...body.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map(
                ([, value, selected, label]) => ({ value, label, selected: Boolean(selected) }),
              ),
            }),
          );
          expect(rendered).toEqual(
            expected.map((f) => ({
              id: f.id,
              options: [
                { value: '', label: escape(t('web.components.choose')), selected: false },
                ...f.options!.map((o) => ({ value: o.value, label: escape(o.label), selected: o.value === f.value })),
              ],
            })),
          );
        }
      });
    }
  });
});

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
