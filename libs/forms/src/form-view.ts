import type { Locale } from '@townhall/tenancy';
import type { AnswerError } from './answers.js';
import { holds, fieldsRead } from './json-logic.js';
import type { FieldUi, FormDefinition } from './form-definition.js';

/** A field as the page components take it (libs/web/templates/components.njk). */
export interface FieldView {
  widget: FieldUi['widget'];
  name: string;
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required: boolean;
  value?: unknown;
  type?: string;
  inputmode?: string;
  options?: { value: string; label: string }[];
  accept?: string;
  multiple?: boolean;
  /** Shown or hidden in the browser as other answers on the same step change. */
  dependsOnStep?: boolean;
  /** Shown, not asked: the value (a string) cannot be changed here (a register gave it), and is not sent. */
  readonly?: boolean;
  items?: GroupItemView[];
  /** group: its items are given (a register's): the applicant chooses among them, and adds none. */
  given?: boolean;
}

/** One item of a group: its fields, and what was given of it (a register's item) if anything. */
export interface GroupItemView {
  label: string;
  /** The fields asked (a given item: those not given). */
  fields: FieldView[];
  given?: {
    /** What was given of the item, as text (not sent with the form). */
    facts: { label: string; value: string }[];
    /** Where it comes from ("From the population register, 5 May 2026"). */
    source: string;
    /**
     * Whether the application includes the item: a checkbox, or a radio button where the
     * group takes one item (the buttons of its items share a name, each its own value).
     */
    include: { type: 'checkbox' | 'radio'; name: string; value: string; id: string; label: string; checked: boolean };
  };
}

export interface StepView {
  index: number;
  count: number;
  id: string;
  title: string;
  titles: string[];
  fields: FieldView[];
}

/**
 * One step of a form as the page renders it, in a language: the fields asked given the
 * answers so far (a field whose condition reads answers of this same step is rendered and
 * marked, so that it works without JavaScript), with values and errors.
 */
export function formStepView(
  form: FormDefinition,
  stepIndex: number,
  locale: Locale,
  answers: Record<string, unknown> = {},
  errors: AnswerError[] = [],
): StepView {
  const step = form.ui.steps[stepIndex];
  if (!step) throw new RangeError(`the form has no step ${stepIndex + 1}`);
  const onStep = new Set(step.fields);
  const required = new Set(form.schema.required ?? []);
  const fields: FieldView[] = [];
  for (const name of step.fields) {
    const ui = form.ui.fields[name];
    const reads = fieldsRead(ui.when);
    const dependsOnStep = reads.some((r) => onStep.has(r));
    if (!dependsOnStep && !holds(ui.when, answers)) continue;
    const schema = form.schema.properties[name];
    fields.push({
      ...fieldView(name, name, ui, schema, locale, answers[name], errors),
      required: required.has(name) && !ui.when,
      dependsOnStep,
    });
  }
  return {
    index: stepIndex,
    count: form.ui.steps.length,
    id: step.id,
    title: step.title[locale],
    titles: form.ui.steps.map((s) => s.title[locale]),
    fields,
  };
}

function fieldView(
  path: string,
  id: string,
  ui: FieldUi,
  schema: Record<string, unknown>,
  locale: Locale,
  value: unknown,
  errors: AnswerError[],
): FieldView {
  const error = errors.find((e) => e.field === path.replace(/\[(\w+)\]/g, '.$1'));
  const base: FieldView = {
    widget: ui.widget,
    name: path,
    id: id.replace(/[^a-zA-Z0-9-]/g, '-'),
    label: ui.label[locale],
    hint: ui.hint?.[locale],
    error: error?.message,
    required: false,
    value,
  };
  const items = (schema.items ?? {}) as Record<string, unknown>;
  const enumOf = (s: Record<string, unknown>) => ((s.enum as string[] | undefined) ?? []).map(String);
  switch (ui.widget) {
    case 'email':
      return { ...base, type: 'email' };
    case 'phone':
      return { ...base, type: 'tel' };
    case 'number':
      return { ...base, inputmode: schema.type === 'integer' ? 'numeric' : 'decimal' };
    case 'radios':
    case 'select':
      return { ...base, options: enumOf(schema).map((v) => ({ value: v, label: ui.options?.[v]?.[locale] ?? v })) };
    case 'checkbox':
      return { ...base, value: value === true ? ['true'] : [], options: [{ value: 'true', label: ui.label[locale] }] };
    case 'checkboxes':
      return {
        ...base,
        value: Array.isArray(value) ? value.map(String) : [],
        options: enumOf(items).map((v) => ({ value: v, label: ui.options?.[v]?.[locale] ?? v })),
      };
    case 'date': {
      // The page asks for a date as day, month and year (components.njk).
      const [year, month, day] = typeof value === 'string' ? value.split('-') : [];
      return { ...base, value: year ? { year, month, day } : undefined };
    }
    case 'file':
      return { ...base, accept: (ui.accept ?? []).join(','), multiple: Number(schema.maxItems ?? 2) > 1 };
    case 'group': {
      const given = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
      const count = Math.max(given.length, Number(schema.minItems ?? 1), 1);
      const properties = (items.properties ?? {}) as Record<string, Record<string, unknown>>;
      return {
        ...base,
        items: Array.from({ length: count }, (_, i) => itemView(path, id, i, ui, properties, locale, given[i], errors)),
      };
    }
    default:
      return base;
  }
}

function itemView(
  path: string,
  id: string,
  index: number,
  ui: FieldUi,
  properties: Record<string, Record<string, unknown>>,
  locale: Locale,
  item: Record<string, unknown> | undefined,
  errors: AnswerError[],
  leaveOut: string[] = [],
): GroupItemView {
  return {
    label: `${ui.itemLabel?.[locale] ?? ''} ${index + 1}`.trim(),
    fields: Object.entries(ui.fields ?? {})
      .filter(([child]) => !leaveOut.includes(child))
      .map(([child, childUi]) =>
        fieldView(
          `${path}[${index}][${child}]`,
          `${id}-${index}-${child}`,
          childUi,
          properties[child] ?? {},
          locale,
          item?.[child],
          errors,
        ),
      ),
  };
}

/**
 * The item of a group at an index of the page (its fields named `group[index][child]`),
 * with the values of `item` and the errors at `group.index.child`, leaving out the
 * sub-fields in `leaveOut` (given, shown otherwise).
 */
export function groupItemView(
  form: FormDefinition,
  group: string,
  index: number,
  locale: Locale,
  item: Record<string, unknown> | undefined,
  errors: AnswerError[] = [],
  leaveOut: string[] = [],
): GroupItemView {
  const ui = form.ui.fields[group];
  const items = (form.schema.properties[group]?.items ?? {}) as Record<string, unknown>;
  const properties = (items.properties ?? {}) as Record<string, Record<string, unknown>>;
  return itemView(group, group, index, ui, properties, locale, item, errors, leaveOut);
}

/**
 * What an answer's path (`choices.0.siblingAttends`, as errors name it) is to a person, in a
 * language: the field's label; in a group, its item as the page calls it ("choice 1", or its
 * number where items have no name) and the sub-field's label: "Pre-schools in order of
 * preference, choice 1: A brother or sister attends". A key the form does not describe is
 * named as it is. Pages name errors by it; the JSON API keeps the path.
 */
export function answerPathLabel(form: FormDefinition, path: string, locale: Locale): string {
  const [top, ...rest] = path.split('.');
  let ui: FieldUi | undefined = form.ui.fields[top];
  let text = ui?.label[locale] ?? top;
  for (let i = 0; i < rest.length; i++) {
    const part = rest[i];
    if (/^\d+$/.test(part)) {
      // Only a group's items have a place a person reads; a choice's or a file's index adds nothing.
      if (ui?.widget !== 'group') continue;
      text += `, ${itemName(ui, Number(part) + 1, locale)}`;
      const child = rest[i + 1];
      if (child === undefined) break;
      ui = ui.fields?.[child];
      text += `: ${ui?.label[locale] ?? child}`;
      i++;
    } else {
      ui = ui?.fields?.[part];
      text += `: ${ui?.label[locale] ?? part}`;
    }
  }
  return text;
}

/** "choice 2" from the item label "Choice": set in a sentence, its first letter lower case (not an acronym's). */
function itemName(ui: FieldUi, number: number, locale: Locale): string {
  const name = ui.itemLabel?.[locale]?.trim();
  if (!name) return String(number);
  const inSentence = /^\p{Lu}\p{Ll}/u.test(name) ? name[0].toLocaleLowerCase(locale) + name.slice(1) : name;
  return `${inSentence} ${number}`;
}
