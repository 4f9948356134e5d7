import { readServiceTemplates, serviceTemplatesFolder } from '../templates/service-template.library.js';
import type { ServiceTemplate } from '../templates/service-template.js';
import { customise } from './customise-service.js';

const [felling] = readServiceTemplates(serviceTemplatesFolder(), ['felling-permit']);

/** The felling permit with a fee and a fast track that reads an optional field. */
function template(): ServiceTemplate {
  const t = structuredClone(felling);
  t.fees = {
    due: 'on-submit',
    rules: [{ id: 'base', label: t.texts.title, amount: 2000, when: { '!=': [{ var: 'propertyAddress' }, ''] } }],
  };
  t.workflow.transitions.push({
    id: 'fast-track',
    from: 'submitted',
    to: 'approved',
    by: ['owner'],
    label: t.texts.title,
  });
  return t;
}

describe('customising a template', () => {
  it('applies texts, extra fields, hidden fields, fees and deadlines', () => {
    const { definition, problems } = customise(
      template(),
      {
        texts: { title: { et: 'Raieluba Tartus' } },
        extraFields: [
          { name: 'neighbourInformed', type: 'checkbox', label: { et: 'Naabrit on teavitatud' }, step: 'trees' },
          {
            name: 'district',
            type: 'choice',
            label: { et: 'Linnaosa', en: 'District' },
            required: true,
            options: [
              { value: 'annelinn', label: { et: 'Annelinn' } },
              { value: 'karlova', label: { et: 'Karlova' } },
            ],
          },
        ],
        fees: { base: 1500 },
        deadlines: { 'in-review': 5 },
      },
      'et',
    );
    expect(problems).toEqual([]);
    expect(definition.texts.title).toMatchObject({ et: 'Raieluba Tartus', en: 'Tree felling permit' });
    expect(definition.form.ui.steps.find((s) => s.id === 'trees')?.fields).toContain('neighbourInformed');
    expect(definition.form.ui.steps.at(-1)?.fields).toContain('district');
    // A language the municipality did not write falls back to the one it did.
    expect(definition.form.ui.fields.district.label.fi).toBe('Linnaosa');
    expect(definition.form.schema.required).toContain('district');
    expect(definition.fees?.rules[0].amount).toBe(1500);
    expect(definition.workflow.states.find((s) => s.id === 'in-review')?.deadlineDays).toBe(5);
  });

  it('hides an optional field nothing reads', () => {
    const t = template();
    t.fees = undefined;
    const { definition, problems } = customise(t, { hiddenFields: ['propertyAddress'] }, 'et');
    expect(problems).toEqual([]);
    expect(definition.form.schema.properties).not.toHaveProperty('propertyAddress');
    expect(definition.form.ui.steps[0].fields).not.toContain('propertyAddress');
  });

  it.each([
    [
      'hiding a field a fee rule reads',
      { hiddenFields: ['propertyAddress'] },
      { path: 'hiddenFields[0]', message: '"propertyAddress" cannot be hidden: fee rule "base" uses it' },
    ],
    [
      'hiding a required field',
      { hiddenFields: ['trees'] },
      { path: 'hiddenFields[0]', message: '"trees" is required and cannot be hidden' },
    ],
    [
      'hiding a field the form does not have',
      { hiddenFields: ['nothing'] },
      { path: 'hiddenFields[0]', message: 'there is no field "nothing"' },
    ],
    [
      'an extra field with an invalid schema (a broken pattern)',
      { extraFields: [{ name: 'permitNo', type: 'text', label: { en: 'Permit' }, pattern: '([0-9]' }] },
      { path: 'extraFields[0].pattern', message: expect.stringContaining('not a valid regular expression') },
    ],
    [
      'an extra field that clashes',
      { extraFields: [{ name: 'reason', type: 'text', label: { en: 'Reason' } }] },
      { path: 'extraFields[0].name', message: 'the form already has a field "reason"' },
    ],
    [
      'a choice without options',
      { extraFields: [{ name: 'district', type: 'choice', label: { en: 'District' } }] },
      { path: 'extraFields[0].options', message: 'a choice field lists its options' },
    ],
    [
      'a transition to a missing state',
      {
        extraTransitions: [
          {
            id: 'second-opinion',
            from: 'in-review',
            to: 'expert-review',
            by: ['owner'],
            label: { en: 'Ask an expert' },
          },
        ],
      },
      { path: 'extraTransitions[0].to', message: 'there is no state "expert-review"' },
    ],
    [
      'a fee rule that does not evaluate',
      { fees: { base: { '*': [{ var: 'trees.0.count' }, { pow: [2, 3] }] } } },
      { path: 'fees.base', message: 'fee rule "base": Unrecognized operation pow' },
    ],
    [
      'a fee rule that gives no amount',
      { fees: { base: { cat: ['a', 'b'] } } },
      { path: 'fees.base', message: 'fee rule "base" gives "ab", not an amount in cents' },
    ],
    [
      'a deadline for a missing state',
      { deadlines: { 'in-reveiw': 5 } },
      { path: 'deadlines.in-reveiw', message: 'there is no state "in-reveiw"' },
    ],
    [
      'a weaker login than the template',
      { assuranceLevel: 'low' },
      { path: 'assuranceLevel', message: 'the template needs at least "substantial"' },
    ],
    [
      'an unknown setting',
      { colour: 'red' },
      { path: '(customisation)', message: 'must NOT have additional properties' },
    ],
  ])('refuses %s, naming the field', (_, customisation, expected) => {
    expect(customise(template(), customisation, 'en').problems).toContainEqual(expected);
  });
});

describe('customisation texts', () => {
  it('refuses control characters in a text (a NUL would not even be stored)', () => {
    const { problems } = customise(template(), { texts: { title: { en: 'Bad\u0000title' } } }, 'en');
    expect(problems).toContainEqual({ path: 'texts.title.en', message: expect.stringContaining('must match pattern') });
  });
});
