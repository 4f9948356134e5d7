import type { FormDefinition } from './form-definition.js';
import { answersFromForm, groupRowsFromForm } from './form-input.js';
import { validateAnswers } from './answers.js';

const label = { et: 'x', en: 'x', bg: 'x', sv: 'x', fi: 'x' };
const form: FormDefinition = {
  schema: {
    type: 'object',
    required: ['name', 'count', 'start', 'agree'],
    properties: {
      name: { type: 'string', maxLength: 20 },
      count: { type: 'integer', minimum: 1 },
      start: { type: 'string', format: 'date' },
      agree: { type: 'boolean', const: true },
      kinds: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
      lines: {
        type: 'array',
        items: { type: 'object', properties: { item: { type: 'string' }, amount: { type: 'number' } } },
      },
    },
  },
  ui: {
    steps: [{ id: 's', title: label, fields: ['name', 'count', 'start', 'agree', 'kinds', 'lines'] }],
    fields: {
      name: { widget: 'text', label },
      count: { widget: 'number', label },
      start: { widget: 'date', label },
      agree: { widget: 'checkbox', label },
      kinds: { widget: 'checkboxes', label },
      lines: {
        widget: 'group',
        label,
        fields: { item: { widget: 'text', label }, amount: { widget: 'number', label } },
      },
    },
  },
};
const fields = form.ui.steps[0].fields;

describe('answersFromForm', () => {
  it('types what a page sends: numbers, a date of three parts, a checkbox, choices, group rows', () => {
    const answers = answersFromForm(form, fields, {
      name: '  Mari ',
      count: '3',
      'start[day]': '5',
      'start[month]': '3',
      'start[year]': '2027',
      agree: 'true',
      kinds: ['a', 'b'],
      'lines[0][item]': 'Hall',
      'lines[0][amount]': '120,50',
      'lines[1][item]': '',
      'lines[1][amount]': '',
    });
    expect(answers).toEqual({
      name: 'Mari',
      count: 3,
      start: '2027-03-05',
      agree: true,
      kinds: ['a', 'b'],
      lines: [{ item: 'Hall', amount: 120.5 }],
    });
    expect(validateAnswers(form, answers).errors).toEqual([]);
  });

  it('keeps what cannot be typed, so validation names it', () => {
    const answers = answersFromForm(form, fields, {
      name: 'Mari',
      count: '3 trees',
      'start[day]': '31',
      'start[month]': '02',
      'start[year]': '2027',
    });
    expect(answers.count).toBe('3trees');
    const errors = validateAnswers(form, answers).errors.map((e) => `${e.field}:${e.keyword}`);
    expect(errors).toEqual(expect.arrayContaining(['count:type', 'start:format', 'agree:const']));
  });

  it('leaves out fields left empty, so a required one is named as missing', () => {
    const answers = answersFromForm(form, fields, {
      name: '',
      'start[day]': '',
      'start[month]': '',
      'start[year]': '',
    });
    expect(answers).toEqual({ agree: false, kinds: [] });
    const errors = validateAnswers(form, answers).errors.map((e) => `${e.field}:${e.keyword}`);
    expect(errors).toEqual(expect.arrayContaining(['name:required', 'count:required', 'start:required']));
  });

  it("answers a group's unticked box no (a required yes/no), and takes a row of only unticked boxes for none", () => {
    const choices: FormDefinition = {
      schema: {
        type: 'object',
        properties: {
          choices: {
            type: 'array',
            items: {
              type: 'object',
              required: ['preschool', 'siblingAttends'],
              properties: { preschool: { type: 'string' }, siblingAttends: { type: 'boolean' } },
            },
          },
        },
      },
      ui: {
        steps: [{ id: 's', title: label, fields: ['choices'] }],
        fields: {
          choices: {
            widget: 'group',
            label,
            fields: { preschool: { widget: 'text', label }, siblingAttends: { widget: 'checkbox', label } },
          },
        },
      },
    };
    const body = {
      'choices[0][preschool]': 'Vasaparken',
      'choices[1][preschool]': 'Humlan',
      'choices[1][siblingAttends]': 'true',
      'choices[2][preschool]': '',
    };
    const answers = answersFromForm(choices, ['choices'], body);
    expect(answers).toEqual({
      choices: [
        { preschool: 'Vasaparken', siblingAttends: false },
        { preschool: 'Humlan', siblingAttends: true },
      ],
    });
    expect(validateAnswers(choices, answers).errors).toEqual([]);
    expect(groupRowsFromForm(choices, 'choices', body).map((row) => row.filled)).toEqual([true, true, false]);
  });
});
