import { validateAnswers } from './answers.js';
import type { FormDefinition } from './form-definition.js';
import { answersFromForm } from './form-input.js';
import { answerPathLabel, answerPathPlace, formStepView, inFormOrder } from './form-view.js';

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

describe('answerPathPlace', () => {
  const places: FormDefinition = {
    schema: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        born: { type: 'string', format: 'date' },
        kind: { type: 'string', enum: ['a', 'b'] },
        children: {
          type: 'array',
          items: {
            type: 'object',
            properties: { field: { type: 'string', enum: ['art'] }, since: { type: 'string', format: 'date' } },
          },
        },
      },
    },
    ui: {
      steps: [
        { id: 'one', title: text('One', 'Üks'), fields: ['name', 'born'] },
        { id: 'two', title: text('Two', 'Kaks'), fields: ['children', 'kind'] },
      ],
      fields: {
        name: { widget: 'text', label: text('Name', 'Nimi') },
        born: { widget: 'date', label: text('Born', 'Sündinud') },
        kind: { widget: 'radios', label: text('Kind', 'Liik') },
        children: {
          widget: 'group',
          label: text('Children', 'Lapsed'),
          fields: {
            field: { widget: 'select', label: text('Field', 'Valdkond') },
            since: { widget: 'date', label: text('Since', 'Alates') },
          },
        },
      },
    },
  };

  it("gives the step and the id of the input a page links to: a date's day, a choice's first option", () => {
    expect(answerPathPlace(places, 'name')).toEqual({ step: 0, id: 'name', widget: 'text' });
    expect(answerPathPlace(places, 'born')).toEqual({ step: 0, id: 'born-day', widget: 'date' });
    expect(answerPathPlace(places, 'kind')).toEqual({ step: 1, id: 'kind-1', widget: 'radios' });
    expect(answerPathPlace(places, 'children.1.field')).toEqual({ step: 1, id: 'children-1-field', widget: 'select' });
    expect(answerPathPlace(places, 'children.0.since')).toEqual({
      step: 1,
      id: 'children-0-since-day',
      widget: 'date',
    });
    expect(answerPathPlace(places, 'children.0')).toEqual({ step: 1, id: 'children', widget: 'group' });
    expect(answerPathPlace(places, 'nowhere')).toBeUndefined();
  });

  it('lists errors as the fields are on the pages, a group its items in order, whatever order they failed in', () => {
    const failed = ['kind', 'children.1.field', 'children', 'name', 'children.0.since', 'nowhere', 'children.0.field'];
    const ordered = inFormOrder(
      places,
      failed.map((field) => ({ field })),
    ).map((e) => e.field);
    expect(ordered).toEqual([
      'name',
      'children',
      'children.0.field',
      'children.0.since',
      'children.1.field',
      'kind',
      'nowhere',
    ]);
  });

  it('orders the errors of a whole form checked at once (the review) as its steps ask them', () => {
    const { errors } = validateAnswers(places, { kind: 'c', children: [{ since: 'soon' }, { field: 'x' }] });
    expect(errors.map((e) => e.field)).not.toEqual(inFormOrder(places, errors).map((e) => e.field));
    expect(inFormOrder(places, errors).map((e) => e.field)).toEqual(['children.0.since', 'children.1.field', 'kind']);
  });
});

describe('a select on the page', () => {
  const choosing = (schema: Record<string, unknown>): FormDefinition => ({
    schema: {
      type: 'object',
      required: ['field'],
      properties: { field: { type: 'string', enum: ['sport', 'art'], ...schema } },
    },
    ui: {
      steps: [{ id: 's', title: text('Step', 'Samm'), fields: ['field'] }],
      fields: {
        field: {
          widget: 'select',
          label: text('Field', 'Valdkond'),
          options: { sport: text('Sport', 'Sport'), art: text('Art', 'Kunst') },
        },
      },
    },
  });

  it('starts on an empty option, so that a choice not made is sent as none and refused as missing', () => {
    const form = choosing({});
    const [field] = formStepView(form, 0, 'et').fields;
    expect(field).toMatchObject({
      choose: true,
      value: undefined,
      options: [
        { value: 'sport', label: 'Sport' },
        { value: 'art', label: 'Kunst' },
      ],
    });
    const sent = answersFromForm(form, ['field'], { field: '' });
    expect(sent).toEqual({});
    expect(validateAnswers(form, sent).errors).toEqual([
      expect.objectContaining({ field: 'field', keyword: 'required' }),
    ]);
  });

  it('has no empty option where the schema gives a default, which is chosen', () => {
    const [field] = formStepView(choosing({ default: 'art' }), 0, 'en').fields;
    expect(field.choose).toBeUndefined();
    expect(field.value).toBe('art');
    const [answered] = formStepView(choosing({ default: 'art' }), 0, 'en', { field: 'sport' }).fields;
    expect(answered.value).toBe('sport');
  });
});
