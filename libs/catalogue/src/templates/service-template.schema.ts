import { FEE_REFUNDS_ON_REJECTION, FEE_REFUNDS_ON_WITHDRAWAL } from './service-template.js';

/**
 * The JSON Schema (2020-12) of a service template file. It checks the shape; what a schema
 * cannot say (a transition to a missing state, a field the workflow names but the form
 * lacks) `checkServiceTemplate` checks after it.
 */
/** Codes of templates, states, transitions, rules: lower-case letters, digits and -. */
export const SERVICE_CODE = /^[a-z][a-z0-9-]{1,62}$/;
export const codeSchema = { type: 'string', pattern: SERVICE_CODE.source };
const code = codeSchema;
const fieldName = { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]{0,62}$' };
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const localized = (max: number) => ({
  type: 'object',
  required: ['et', 'en', 'bg', 'sv', 'fi'],
  additionalProperties: false,
  properties: { et: text(max), en: text(max), bg: text(max), sv: text(max), fi: text(max) },
});
const closed = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  additionalProperties: false,
  properties,
});

/** A workflow transition, its label's schema given (a template's in every language, a municipality's in some). */
export const transitionSchema = (label: Record<string, unknown>) =>
  closed(['id', 'from', 'to', 'label', 'by'], {
    id: code,
    from: code,
    to: code,
    label,
    by: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['admin', 'owner', 'handler', 'viewer', 'applicant', 'system'] },
    },
    when: {},
    decision: code,
    message: code,
    refundsFee: { type: 'boolean' },
  });

export const serviceTemplateSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://townhall.eu/schemas/service-template.json',
  title: 'Townhall service template',
  ...closed(
    [
      'code',
      'version',
      'category',
      'kind',
      'applicants',
      'assuranceLevel',
      'texts',
      'cpsv',
      'form',
      'workflow',
      'messages',
      'decisions',
      'delivery',
      'retentionYears',
      'example',
    ],
    {
      code,
      version: { type: 'integer', minimum: 1 },
      category: code,
      kind: { enum: ['application', 'booking', 'proactive'] },
      applicants: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['person', 'organisation'] } },
      assuranceLevel: { enum: ['low', 'substantial', 'high'] },
      texts: closed(['title', 'summary', 'description', 'whoCanApply', 'duration'], {
        title: localized(200),
        summary: localized(500),
        description: localized(4000),
        whoCanApply: localized(2000),
        duration: localized(200),
      }),
      cpsv: closed(['processingDays', 'keywords', 'thematicAreas', 'outputs', 'channels'], {
        processingDays: { type: 'integer', minimum: 0, maximum: 365 },
        keywords: {
          type: 'object',
          required: ['et', 'en', 'bg', 'sv', 'fi'],
          additionalProperties: false,
          patternProperties: { '^(et|en|bg|sv|fi)$': { type: 'array', items: text(100), maxItems: 30 } },
        },
        thematicAreas: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[01][0-9](\\.[0-9])?$' } },
        outputs: { type: 'array', items: closed(['id', 'title'], { id: code, title: localized(200) }) },
        channels: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: ['online', 'email', 'post', 'in-person'] },
        },
      }),
      form: { $ref: '#/$defs/form' },
      prefill: {
        type: 'array',
        items: closed(['field', 'register', 'attribute'], {
          field: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9.]*$' },
          register: { enum: ['population', 'business', 'property'] },
          attribute: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9.]*$' },
        }),
      },
      fees: closed(['due', 'rules'], {
        due: { enum: ['on-submit', 'on-approval'] },
        refundOnWithdrawal: { enum: [...FEE_REFUNDS_ON_WITHDRAWAL] },
        refundOnRejection: { enum: [...FEE_REFUNDS_ON_REJECTION] },
        rules: {
          type: 'array',
          minItems: 1,
          items: closed(['id', 'label', 'amount'], {
            id: code,
            label: localized(200),
            amount: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'object' }] },
            when: {},
          }),
        },
      }),
      workflow: closed(['initial', 'states', 'transitions'], {
        initial: code,
        states: {
          type: 'array',
          minItems: 2,
          items: closed(['id', 'kind', 'label'], {
            id: code,
            kind: { enum: ['open', 'waiting-applicant', 'waiting-payment', 'decided', 'closed'] },
            label: localized(100),
            deadlineDays: { type: 'integer', minimum: 1, maximum: 365 },
          }),
        },
        transitions: {
          type: 'array',
          minItems: 1,
          items: transitionSchema(localized(100)),
        },
        automatic: {
          type: 'array',
          items: {
            ...closed(['transition'], {
              transition: code,
              after: closed(['days'], { days: { type: 'integer', minimum: 1, maximum: 3650 } }),
              on: { enum: ['submitted', 'payment-received', 'follow-up-received', 'information-received'] },
            }),
            oneOf: [{ required: ['after'] }, { required: ['on'] }],
          },
        },
      }),
      messages: {
        type: 'object',
        propertyNames: code,
        additionalProperties: closed(['subject', 'body'], { subject: localized(200), body: localized(4000) }),
      },
      decisions: {
        type: 'object',
        propertyNames: code,
        additionalProperties: closed(['outcome', 'title', 'body'], {
          outcome: { enum: ['approved', 'partly-approved', 'rejected', 'issued'] },
          title: localized(200),
          body: localized(8000),
          appealDays: { type: 'integer', minimum: 1, maximum: 365 },
        }),
      },
      delivery: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { enum: ['portal', 'email', 'post', 'pick-up'] },
      },
      retentionYears: { type: 'integer', minimum: 1, maximum: 100 },
      followUps: {
        type: 'array',
        items: closed(['id', 'kind', 'title', 'dueDays', 'form'], {
          id: code,
          kind: { enum: ['report', 'participation-confirmation'] },
          title: localized(200),
          dueDays: { type: 'integer', minimum: 0, maximum: 3650 },
          dueAfterField: fieldName,
          form: { $ref: '#/$defs/form' },
        }),
      },
      proactive: closed(['register', 'eligibility', 'offer'], {
        register: { enum: ['population'] },
        eligibility: { type: 'object' },
        offer: localized(2000),
      }),
      example: { type: 'object' },
    },
  ),
  $defs: {
    form: closed(['schema', 'ui'], {
      schema: {
        type: 'object',
        required: ['type', 'properties'],
        properties: {
          type: { const: 'object' },
          properties: { type: 'object', propertyNames: fieldName },
          required: { type: 'array', items: fieldName },
        },
      },
      ui: closed(['steps', 'fields'], {
        steps: {
          type: 'array',
          items: closed(['id', 'title', 'fields'], {
            id: code,
            title: localized(200),
            fields: { type: 'array', items: fieldName },
          }),
        },
        fields: { type: 'object', propertyNames: fieldName, additionalProperties: { $ref: '#/$defs/fieldUi' } },
      }),
    }),
    fieldUi: closed(['widget', 'label'], {
      widget: {
        enum: [
          'text',
          'textarea',
          'number',
          'date',
          'email',
          'phone',
          'radios',
          'select',
          'checkboxes',
          'checkbox',
          'file',
          'address',
          'group',
        ],
      },
      label: localized(300),
      hint: localized(1000),
      options: { type: 'object', additionalProperties: localized(200) },
      when: {},
      accept: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z]+/[a-z0-9.+-]+$' } },
      maxBytes: { type: 'integer', minimum: 1, maximum: 52428800 },
      itemLabel: localized(100),
      fields: { type: 'object', propertyNames: fieldName, additionalProperties: { $ref: '#/$defs/fieldUi' } },
    }),
  },
} as const;
