import { validateAnswers, type FormDefinition } from '@townhall/forms';
import { Translations } from '@townhall/web';
import { incompleteAnswers } from '../domain/case.exception.js';
import { errorSummary } from './application-views.js';

const text = (en: string, et: string) => ({ et, en, bg: en, sv: en, fi: en });
const form: FormDefinition = {
  schema: {
    type: 'object',
    required: ['email', 'children', 'paymentTo'],
    properties: {
      email: { type: 'string', format: 'email' },
      children: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['activity', 'activityField'],
          properties: { activity: { type: 'string' }, activityField: { type: 'string', enum: ['sport', 'art'] } },
        },
      },
      paymentTo: { type: 'string', enum: ['school', 'parent'] },
    },
  },
  ui: {
    steps: [
      { id: 'applicant', title: text('Applicant', 'Taotleja'), fields: ['email'] },
      { id: 'children', title: text('Children', 'Lapsed'), fields: ['children', 'paymentTo'] },
    ],
    fields: {
      email: { widget: 'email', label: text('E-mail address', 'E-posti aadress') },
      children: {
        widget: 'group',
        label: text('Children you are applying for', 'Lapsed, kellele toetust taotlete'),
        itemLabel: text('Child', 'Laps'),
        fields: {
          activity: { widget: 'text', label: text('Activity', 'Huviala') },
          activityField: {
            widget: 'select',
            label: text('Field', 'Valdkond'),
            options: { sport: text('Sport', 'Sport'), art: text('Art', 'Kunst') },
          },
        },
      },
      paymentTo: {
        widget: 'radios',
        label: text('Paid to', 'Makse saaja'),
        options: { school: text('School', 'Kool'), parent: text('Parent', 'Vanem') },
      },
    },
  },
};

describe('errorSummary', () => {
  const translations = new Translations();
  const { errors } = validateAnswers(form, { email: 'mari@example.ee', children: [{}] });

  it('words an error as the step page does, a choice not made as "choose one", in the language', () => {
    const en = errorSummary(form, errors, 'en', translations.t('en'));
    expect(en).toEqual(
      expect.arrayContaining([
        {
          field: 'children-0-activity',
          text: 'Children you are applying for, child 1: Activity: answer this question',
          path: 'children.0.activity',
        },
        {
          field: 'children-0-activityField',
          text: 'Children you are applying for, child 1: Field: choose one',
          path: 'children.0.activityField',
        },
        { field: 'paymentTo-1', text: 'Paid to: choose one', path: 'paymentTo' },
      ]),
    );
    const et = errorSummary(form, errors, 'et', translations.t('et')).map((e) => e.text);
    expect(et).toContain('Lapsed, kellele toetust taotlete, laps 1: Valdkond: valige üks');
  });

  it('links from another page (the review) to the step and the input where it can be changed, and nowhere where it cannot', () => {
    const review = errorSummary(form, errors, 'en', translations.t('en'), {
      base: '/applications/a1',
      editable: (field) => field !== 'paymentTo',
    });
    expect(review).toEqual(
      expect.arrayContaining([
        {
          href: '/applications/a1/steps/2#children-0-activityField',
          text: 'Children you are applying for, child 1: Field: choose one',
          path: 'children.0.activityField',
        },
        { text: 'Paid to: choose one', path: 'paymentTo' },
      ]),
    );
  });

  it('leaves the JSON API its machine paths and messages, the failure carried beside them for pages', () => {
    const refused = incompleteAnswers('The application is not complete', errors);
    expect(refused.status).toBe(422);
    expect(refused.errors).toEqual(errors.map((e) => ({ field: e.field, message: e.message })));
    expect(refused.errors).toContainEqual({
      field: 'children.0.activityField',
      message: expect.stringMatching(/^children\.0\.activityField must have required property/),
    });
    expect(refused.answerErrors).toEqual(errors);
  });
});
