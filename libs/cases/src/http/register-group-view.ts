import {
  groupItemView,
  groupRowsFromForm,
  type AnswerError,
  type FieldUi,
  type FieldView,
  type FormBody,
  type FormDefinition,
} from '@townhall/forms';
import type { Locale } from '@townhall/tenancy';
import { formatDate, type PageLocale } from '@townhall/web';
import type { TFunction } from 'i18next';
import type { VerifiedAnswer } from '../domain/application.entity.js';
import { chosenItems, registerGroupOf, type RegisterGroup } from '../use-cases/register-items.js';
import { calendarDate } from './application-views.js';

/**
 * What a register filled, on the page, as text with its source. A group: one row per item
 * the register gave (row i is the register's item i), what the register gave of it, a
 * checkbox to include the item (a radio button where the group takes one item:
 * `group[_chosen]` = the row), and the sub-fields the applicant fills in.
 */

/**
 * The items of a group a register filled, as its page sends them: each of the register's
 * items whose row is included, with the register's values and what was typed in its row. A
 * value sent for what the register gave is kept as sent, and a row past the register's
 * items too: the check refuses them, naming the field.
 */
export function registerItemsFromForm(
  form: FormDefinition,
  name: string,
  group: RegisterGroup,
  body: FormBody,
): Record<string, unknown>[] | undefined {
  const rows = groupRowsFromForm(form, name, body);
  const items: Record<string, unknown>[] = [];
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const chosen = first(body[`${name}[_chosen]`]);
  group.items.forEach((given, index) => {
    if (first(body[`${name}[${index}][_include]`]) !== 'true' && chosen !== String(index)) return;
    items.push({ ...given, ...rows.find((row) => row.index === index)?.item });
  });
  for (const row of rows) {
    if (row.index >= group.items.length && row.filled) items.push(row.item);
  }
  return items.length > 0 ? items : undefined;
}

/**
 * Errors of the answers' items (`children.0.activity`) named by their rows on the page (the
 * register's item they are): the error summary links to the field that is wrong.
 */
export function errorsByRow(
  errors: AnswerError[],
  verified: Record<string, VerifiedAnswer>,
  answers: Record<string, unknown>,
): AnswerError[] {
  return errors.map((error) => {
    const [field, index, ...rest] = error.field.split('.');
    const group = registerGroupOf(verified[field]);
    if (!group || index === undefined) return error;
    const row = chosenItems(group, answers[field]).indexOf(Number(index));
    return row < 0 ? error : { ...error, field: [field, String(row), ...rest].join('.') };
  });
}

/** The group's field as the page shows it: the register's items, each with its source and a choice to include it. */
export function registerGroupView(
  field: FieldView,
  group: RegisterGroup,
  form: FormDefinition,
  answers: Record<string, unknown>,
  errors: AnswerError[],
  locale: Locale,
  t: TFunction,
  timeZone: string,
): FieldView {
  const ui = form.ui.fields[field.name];
  const list = Array.isArray(answers[field.name]) ? (answers[field.name] as Record<string, unknown>[]) : [];
  const chosen = chosenItems(group, list);
  const source = registerSource(group, locale, t, timeZone);
  const givenFields = Object.entries(ui.fields ?? {}).filter(([sub]) => Object.hasOwn(group.fields, sub));
  const none = t(`cases.prefill.none.${group.register}`);
  const takesOne = (form.schema.properties[field.name] as { maxItems?: number }).maxItems === 1;
  return {
    ...field,
    given: true,
    hint: group.items.length > 0 ? field.hint : [field.hint, none].filter(Boolean).join(' '),
    items: group.items.map((item, row) => {
      const answer = chosen[row] >= 0 ? list[chosen[row]] : undefined;
      const view = groupItemView(
        form,
        field.name,
        row,
        locale,
        answer,
        errors,
        givenFields.map(([sub]) => sub),
      );
      const facts = givenFields
        .filter(([sub]) => item[sub] !== undefined)
        .map(([sub, subUi]) => ({ label: subUi.label[locale], value: shown(item[sub], subUi, locale) }));
      const named = facts.length > 0 ? `${view.label} (${facts[0].value})` : view.label;
      return {
        ...view,
        given: {
          facts,
          source,
          include: {
            ...(takesOne
              ? { type: 'radio' as const, name: `${field.name}[_chosen]`, value: String(row) }
              : { type: 'checkbox' as const, name: `${field.name}[${row}][_include]`, value: 'true' }),
            id: `${field.id}-${row}-include`,
            label: t('cases.step.includeItem', { item: named }),
            checked: chosen[row] >= 0,
          },
        },
      };
    }),
  };
}

/**
 * A field a register filled, on the page: its value as text (not a field to type in, not
 * sent with the form) with where it comes from, as a register's group shows what it gave.
 */
export function registerValueView(
  field: FieldView,
  verified: VerifiedAnswer,
  value: unknown,
  ui: FieldUi,
  locale: Locale,
  t: TFunction,
  timeZone: string,
): FieldView {
  return {
    ...field,
    readonly: true,
    value: value === undefined ? '' : shown(value, ui, locale),
    hint: registerSource(verified, locale, t, timeZone),
    error: undefined,
    required: false,
  };
}

/** "From the population register, 24 November 2026": the day it answered, in the municipality's time zone. */
function registerSource(verified: VerifiedAnswer, locale: Locale, t: TFunction, timeZone: string): string {
  const date = formatDate(verified.fetchedAt, { lang: locale as PageLocale, timeZone, currency: '' });
  return t(`cases.prefill.verified.${verified.register}`, { date });
}

/** A register's value as text: a date in the page's language, an option by its label. */
function shown(value: unknown, ui: FieldUi, locale: Locale): string {
  if (ui.widget === 'date' && typeof value === 'string') return calendarDate(value, locale);
  if (ui.options && typeof value === 'string') return ui.options[value]?.[locale] ?? value;
  return String(value);
}
