import type { DefinitionProblem, FieldUi, JsonLogic, LocalizedText, PartialText } from '@townhall/forms';
import type { AssuranceLevel, Locale } from '@townhall/tenancy';
import type { DeliveryOption, ServiceTexts, WorkflowTransition } from '../templates/service-template.js';
import { codeSchema, transitionSchema } from '../templates/service-template.schema.js';

/**
 * What a municipality changes in a shared template, without forking it. Kept as data
 * beside the template version it was made for; the service a citizen sees is the template
 * with the customisation applied (`customise`), checked like a template.
 */
export interface ServiceCustomisation {
  texts?: Partial<Record<keyof ServiceTexts, PartialText>>;
  category?: string;
  /** A municipality may ask for a stronger login than the template, never a weaker one. */
  assuranceLevel?: AssuranceLevel;
  extraFields?: ExtraField[];
  /** Optional fields of the template not asked here. */
  hiddenFields?: string[];
  /** A fee rule's amount here: cents, or JsonLogic over the answers. */
  fees?: Record<string, number | JsonLogic>;
  /** Working days per state before a case is overdue. */
  deadlines?: Record<string, number>;
  /** Steps of the municipality's own in its workflow (an extra approval…). */
  extraTransitions?: ExtraTransition[];
  department?: string;
  /** Staff e-mails of the persons in charge of the service's cases. */
  personsInCharge?: string[];
  /** Of the template's delivery options, the ones offered here. */
  delivery?: DeliveryOption[];
}

export const EXTRA_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'email',
  'phone',
  'choice',
  'multi-choice',
  'checkbox',
  'file',
  'address',
] as const;
export type ExtraFieldType = (typeof EXTRA_FIELD_TYPES)[number];

export interface ExtraField {
  name: string;
  type: ExtraFieldType;
  label: PartialText;
  hint?: PartialText;
  required?: boolean;
  /** The step it is asked on (default: the last). */
  step?: string;
  /** choice, multi-choice: values and their labels. */
  options?: { value: string; label: PartialText }[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  /** A regular expression a text must match. */
  pattern?: string;
  /** file: accepted types, largest size. */
  accept?: string[];
  maxBytes?: number;
}

export interface ExtraTransition extends Omit<WorkflowTransition, 'label'> {
  label: PartialText;
}

const code = codeSchema;
/** Printable text: line breaks and tabs, no other control characters (PostgreSQL refuses NUL). */
const PRINTABLE = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$';
const partial = (max: number) => ({
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    ['et', 'en', 'bg', 'sv', 'fi'].map((l) => [
      l,
      { type: 'string', minLength: 1, maxLength: max, pattern: PRINTABLE },
    ]),
  ),
});

/** The JSON Schema of a customisation (office API, tenant files). */
export const serviceCustomisationSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    texts: {
      type: 'object',
      additionalProperties: false,
      properties: {
        title: partial(200),
        summary: partial(500),
        description: partial(4000),
        whoCanApply: partial(2000),
        duration: partial(200),
      },
    },
    category: code,
    assuranceLevel: { enum: ['low', 'substantial', 'high'] },
    extraFields: {
      type: 'array',
      maxItems: 30,
      items: {
        type: 'object',
        required: ['name', 'type', 'label'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]{0,62}$' },
          type: { enum: EXTRA_FIELD_TYPES },
          label: { ...partial(300), minProperties: 1 },
          hint: partial(1000),
          required: { type: 'boolean' },
          step: code,
          options: {
            type: 'array',
            minItems: 1,
            maxItems: 50,
            items: {
              type: 'object',
              required: ['value', 'label'],
              additionalProperties: false,
              properties: { value: code, label: { ...partial(200), minProperties: 1 } },
            },
          },
          minimum: { type: 'number' },
          maximum: { type: 'number' },
          maxLength: { type: 'integer', minimum: 1, maximum: 10000 },
          pattern: { type: 'string', maxLength: 500 },
          accept: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z]+/[a-z0-9.+-]+$' } },
          maxBytes: { type: 'integer', minimum: 1, maximum: 52428800 },
        },
      },
    },
    hiddenFields: { type: 'array', maxItems: 100, uniqueItems: true, items: { type: 'string' } },
    fees: {
      type: 'object',
      propertyNames: code,
      additionalProperties: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'object' }] },
    },
    deadlines: {
      type: 'object',
      propertyNames: code,
      additionalProperties: { type: 'integer', minimum: 1, maximum: 365 },
    },
    extraTransitions: {
      type: 'array',
      maxItems: 20,
      items: transitionSchema({ ...partial(100), minProperties: 1 }),
    },
    department: { type: 'string', minLength: 1, maxLength: 200, pattern: PRINTABLE },
    personsInCharge: { type: 'array', maxItems: 50, uniqueItems: true, items: { type: 'string', format: 'email' } },
    delivery: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['portal', 'email', 'post', 'pick-up'] },
    },
  },
} as const;

/** Fills the languages a municipality did not write from the one it did (its default first). */
export function completeText(text: PartialText, fallback: Locale): LocalizedText {
  const given = text[fallback] ?? Object.values(text).find(Boolean) ?? '';
  return {
    et: text.et ?? given,
    en: text.en ?? given,
    bg: text.bg ?? given,
    sv: text.sv ?? given,
    fi: text.fi ?? given,
  };
}

export type { DefinitionProblem, FieldUi };
