import { validateAnswers } from './answers.js';
import type { FormDefinition } from './form-definition.js';
import { answerPathLabel, formStepView } from './form-view.js';

const text = (en: string, et: string) => ({ et, en, bg: en, sv: en, fi: en });
const form: FormDefinition = {
  schema: {
    type: 'object',
    required: ['choices'],
    properties: {
      choices: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['preschool', 'siblingAttends'],
          properties: { preschool: { type: 'string' }, siblingAttends: { type: 'boolean' } },
        },
      },
      rows: {
        type: 'array',
        items: { type: 'object', properties: { amount: { type: 'number' } } },
      },
      kinds: { type: 'array', items: { type: 'string', enum: ['a'] } },
    },
  },
  ui: {
    steps: [{ id: 's', title: text('Step', 'Samm'), fields: ['choices', 'rows', 'kinds'] }],
    fields: {
      choices: {
        widget: 'group',
        label: text('Pre-schools in order of preference', 'Lasteaiad eelistuse järjekorras'),
        itemLabel: text('Choice', 'Eelistus'),
        fields: {
          preschool: { widget: 'text', label: text('Name of the pre-school', 'Lasteaia nimi') },
          siblingAttends: { widget: 'checkbox', label: text('A brother or sister attends', 'Õde või vend käib') },
        },
      },
      rows: {
        widget: 'group',
        label: text('Costs', 'Kulud'),
        fields: { amount: { widget: 'number', label: text('Amount', 'Summa') } },
      },
      kinds: { widget: 'checkboxes', label: text('Kinds', 'Liigid') },
    },
  },
};

describe('answerPathLabel', () => {
  it('names a sub-field of a group by the group, its item counted from 1, and the sub-field, in the language', () => {
    expect(answerPathLabel(form, 'choices.0.siblingAttends', 'en')).toBe(
      'Pre-schools in order of preference, choice 1: A brother or sister attends',
    );
    expect(answerPathLabel(form, 'choices.2.preschool', 'et')).toBe(
      'Lasteaiad eelistuse järjekorras, eelistus 3: Lasteaia nimi',
    );
  });

  it('counts the items of a group without an item label by number; names a group, its item, a choice by their labels', () => {
    expect(answerPathLabel(form, 'rows.1.amount', 'en')).toBe('Costs, 2: Amount');
    expect(answerPathLabel(form, 'choices', 'en')).toBe('Pre-schools in order of preference');
    expect(answerPathLabel(form, 'choices.0', 'en')).toBe('Pre-schools in order of preference, choice 1');
    expect(answerPathLabel(form, 'kinds.0', 'en')).toBe('Kinds');
  });

  it('names what the form does not describe by its key', () => {
    expect(answerPathLabel(form, 'extra', 'en')).toBe('extra');
    expect(answerPathLabel(form, 'choices.0.colour', 'en')).toBe(
      'Pre-schools in order of preference, choice 1: colour',
    );
  });

  it('keeps an item label that is an acronym as it is', () => {
    const acronym: FormDefinition = {
      ...form,
      ui: { ...form.ui, fields: { ...form.ui.fields, rows: { ...form.ui.fields.rows, itemLabel: text('EV', 'EV') } } },
    };
    expect(answerPathLabel(acronym, 'rows.0.amount', 'en')).toBe('Costs, EV 1: Amount');
  });

  it('leaves the machine path of the error as it is, for the JSON API, and the page its input id', () => {
    const { errors } = validateAnswers(form, { choices: [{ preschool: 'Vasaparken' }] });
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'choices.0.siblingAttends',
        keyword: 'required',
        message: expect.stringMatching(/^choices\.0\.siblingAttends /),
      }),
    ]);
    const view = formStepView(form, 0, 'en', { choices: [{ preschool: 'Vasaparken' }] }, errors);
    const input = view.fields[0].items![0].fields.find((f) => f.name === 'choices[0][siblingAttends]')!;
    // The error summary links to `#choices-0-siblingAttends`: the input carries that id, and the error.
    expect(input.id).toBe('choices-0-siblingAttends');
    expect(input.error).toBe(errors[0].message);
  });
});
