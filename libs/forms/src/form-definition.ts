import type { Locale } from '@townhall/tenancy';

/**
 * A form as data: a JSON Schema (2020-12) of the answers and a description of how they are
 * asked (steps, field order, labels, conditions, attachments). Service templates carry one
 * for the application and one per follow-up; municipalities add fields to them.
 */

/** A text in every language of the platform. */
export type LocalizedText = Record<Locale, string>;
/** Some languages of a text (a municipality's own wording). */
export type PartialText = Partial<Record<Locale, string>>;

export type FieldWidget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'email'
  | 'phone'
  | 'radios'
  | 'select'
  | 'checkboxes'
  | 'checkbox'
  | 'file'
  | 'address'
  | 'group';

/** How one field of the form is shown: its schema is form.schema.properties[name]. */
export interface FieldUi {
  widget: FieldWidget;
  label: LocalizedText;
  hint?: LocalizedText;
  /** Labels of the values of an enum (radios, select, checkboxes). */
  options?: Record<string, LocalizedText>;
  /** JsonLogic over the answers: the field is asked only when it holds. */
  when?: JsonLogic;
  /** file: accepted media types and the largest size of one file. */
  accept?: string[];
  maxBytes?: number;
  /** group: the fields of one item, in order, and how an item is called ("Child 2"). */
  itemLabel?: LocalizedText;
  fields?: Record<string, FieldUi>;
}

export interface FormStep {
  id: string;
  title: LocalizedText;
  /** The top-level fields asked on this step, in order. */
  fields: string[];
}

export interface FormDefinition {
  /** JSON Schema (2020-12) of the answers: an object, one property per field. */
  schema: JsonSchemaObject;
  ui: { steps: FormStep[]; fields: Record<string, FieldUi> };
}

export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  [keyword: string]: unknown;
}

/** A JsonLogic rule (https://jsonlogic.com): data, evaluated by json-logic-js. */
export type JsonLogic = boolean | number | string | null | JsonLogic[] | { [operator: string]: JsonLogic };
