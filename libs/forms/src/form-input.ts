import type { FieldUi, FormDefinition } from './form-definition.js';

/** A urlencoded form as Fastify parses it: each name once, or repeated. */
export type FormBody = Record<string, string | string[] | undefined>;

/**
 * The answers a page's form sends for the fields of one step, typed by the schema: numbers
 * as numbers, a date's day, month and year as one ISO date, a checkbox as true or false,
 * a group's items (name[0][child]) as an array of objects. What cannot be typed ("12 trees"
 * for a number) is kept as typed, so that validation names it and the page shows it again.
 * Files are not in the form body: they are uploaded on their own (their answers are kept).
 */
export function answersFromForm(form: FormDefinition, fields: string[], body: FormBody): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const name of fields) {
    const ui = form.ui.fields[name];
    if (!ui || ui.widget === 'file') continue;
    const value = readField(name, ui, form.schema.properties[name] ?? {}, body);
    if (value !== undefined) answers[name] = value;
  }
  return answers;
}

function readField(path: string, ui: FieldUi, schema: Record<string, unknown>, body: FormBody): unknown {
  switch (ui.widget) {
    case 'number':
      return toNumber(first(body[path]));
    case 'date':
      return toDate(first(body[`${path}[day]`]), first(body[`${path}[month]`]), first(body[`${path}[year]`]));
    case 'checkbox':
      return first(body[path]) === 'true';
    case 'checkboxes': {
      const given = body[path];
      return given === undefined ? [] : (Array.isArray(given) ? given : [given]).filter((v) => v !== '');
    }
    case 'group': {
      // A row left wholly empty is no item (the page always offers one to fill in).
      const result = readGroupRows(path, ui, schema, body)
        .filter((row) => row.filled)
        .map((row) => row.item);
      return result.length > 0 ? result : undefined;
    }
    default: {
      const text = first(body[path])?.trim();
      return text ? text : undefined;
    }
  }
}

/** One row of a group as the form sent it: its index on the page, its sub-fields typed, whether anything was given. */
export interface GroupRow {
  index: number;
  /** An unticked checkbox is false: a required yes/no sub-field can be answered no. */
  item: Record<string, unknown>;
  /** Something typed, chosen or ticked: a row with nothing of it is no item. */
  filled: boolean;
}

/**
 * The rows of a group the form sent (name[index][child]), empty rows included: a page whose
 * rows stand for given items (a register's) tells them by their index.
 */
export function groupRowsFromForm(form: FormDefinition, group: string, body: FormBody): GroupRow[] {
  const ui = form.ui.fields[group];
  return ui?.widget === 'group' ? readGroupRows(group, ui, form.schema.properties[group] ?? {}, body) : [];
}

function readGroupRows(path: string, ui: FieldUi, schema: Record<string, unknown>, body: FormBody): GroupRow[] {
  const items = (schema.items ?? {}) as { properties?: Record<string, Record<string, unknown>> };
  const indices = new Set<number>();
  const prefix = `${path}[`;
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(key.slice(prefix.length, key.indexOf(']', prefix.length)));
    if (Number.isInteger(index) && index >= 0 && index < 200) indices.add(index);
  }
  return [...indices]
    .sort((a, b) => a - b)
    .map((index) => {
      const item: Record<string, unknown> = {};
      for (const [child, childUi] of Object.entries(ui.fields ?? {})) {
        const value = readField(`${path}[${index}][${child}]`, childUi, items.properties?.[child] ?? {}, body);
        if (value !== undefined) item[child] = value;
      }
      const filled = Object.values(item).some((v) => v !== false && !(Array.isArray(v) && v.length === 0));
      return { index, item, filled };
    });
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function toNumber(text: string | undefined): unknown {
  const trimmed = text?.trim().replace(/\s/g, '');
  if (!trimmed) return undefined;
  const number = Number(trimmed.replace(',', '.'));
  return Number.isFinite(number) && /^-?[0-9]+([.,][0-9]+)?$/.test(trimmed) ? number : trimmed;
}

function toDate(day?: string, month?: string, year?: string): unknown {
  const parts = [day, month, year].map((p) => (p ?? '').trim());
  if (parts.every((p) => p === '')) return undefined;
  const [d, m, y] = parts;
  // Kept as typed when it is no date: the schema's format check names it.
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return `${y}-${m}-${d}`;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
