import type { Locale } from '@townhall/tenancy';
import type { AnswerError } from './answers.js';
import { holds, fieldsRead } from './json-logic.js';
import type { FieldUi, FieldWidget, FormDefinition } from './form-definition.js';

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
  /**
   * select: an empty first option ("Choose…" in the page's language) that stands until the
   * person chooses; without it a browser sends the first option for a choice never made.
   * None where the schema gives a default (then chosen).
   */
  choose?: boolean;
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
      return { ...base, options: enumOf(schema).map((v) => ({ value: v, label: ui.options?.[v]?.[locale] ?? v })) };
    case 'select': {
      const options = enumOf(schema).map((v) => ({ value: v, label: ui.options?.[v]?.[locale] ?? v }));
      if (schema.default === undefined) return { ...base, options, choose: true };
      return { ...base, options, value: value ?? String(schema.default as string) };
    }
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

/** Where a person answers what a path names: its step, and its input on the step's page. */
export interface AnswerPlace {
  /** The step, counted from 0. */
  step: number;
  /** The id of the input an error summary links to: a date's day, a choice's first option. */
  id: string;
  /** The widget of the field the path names (a group's, where it names the group or an item). */
  widget: FieldWidget;
}

/**
 * Where an answer's path (`children.0.activityField`, as errors name it) is asked: the step
 * and the id of its input on that step's page (as `formStepView` gives them), or undefined
 * for what the form does not ask. A path into an item a page shows by another row (a
 * register's) is named by its row first (libs/cases errorsByRow).
 */
export function answerPathPlace(form: FormDefinition, path: string): AnswerPlace | undefined {
  const [top, index, child] = path.split('.');
  const ui = form.ui.fields[top];
  const step = form.ui.steps.findIndex((s) => s.fields.includes(top));
  if (!ui || step < 0) return undefined;
  const sub = ui.widget === 'group' && /^\d+$/.test(index ?? '') ? ui.fields?.[child] : undefined;
  const [id, widget] = sub ? [`${top}-${index}-${child}`, sub.widget] : [top, ui.widget];
  return { step, id: inputId(id, widget), widget };
}

/** The input of a field whose element is a fieldset: a date's day, the first of its choices (components.njk). */
function inputId(id: string, widget: FieldWidget): string {
  const safe = id.replace(/[^a-zA-Z0-9-]/g, '-');
  if (widget === 'date') return `${safe}-day`;
  if (widget === 'radios' || widget === 'checkboxes' || widget === 'checkbox') return `${safe}-1`;
  return safe;
}

/**
 * Errors in the order their fields are on the pages: by step, by field on the step, a
 * group's own before its items', the items in their order and an item's sub-fields in
 * theirs; what the form does not ask last. Errors of one field keep their order.
 */
export function inFormOrder<E extends { field: string }>(form: FormDefinition, errors: E[]): E[] {
  const keys = new Map(errors.map((e) => [e, orderKey(form, e.field)]));
  return [...errors].sort((a, b) => compareKeys(keys.get(a)!, keys.get(b)!));
}

function orderKey(form: FormDefinition, path: string): number[] {
  const [top, index, child] = path.split('.');
  const step = form.ui.steps.findIndex((s) => s.fields.includes(top));
  if (step < 0) return [Infinity];
  const key = [step, form.ui.steps[step].fields.indexOf(top)];
  const ui = form.ui.fields[top];
  if (ui?.widget !== 'group' || !/^\d+$/.test(index ?? '')) return key;
  if (child === undefined) return [...key, Number(index)];
  const subs = Object.keys(ui.fields ?? {});
  const position = subs.indexOf(child);
  return [...key, Number(index), position < 0 ? subs.length : position];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

/** "choice 2" from the item label "Choice": set in a sentence, its first letter lower case (not an acronym's). */
function itemName(ui: FieldUi, number: number, locale: Locale): string {
  const name = ui.itemLabel?.[locale]?.trim();
  if (!name) return String(number);
  const inSentence = /^\p{Lu}\p{Ll}/u.test(name) ? name[0].toLocaleLowerCase(locale) + name.slice(1) : name;
  return `${inSentence} ${number}`;
}
