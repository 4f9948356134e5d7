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
      const items = (schema.items ?? {}) as { properties?: Record<string, Record<string, unknown>> };
      const indices = new Set<number>();
      const prefix = `${path}[`;
      for (const key of Object.keys(body)) {
        if (!key.startsWith(prefix)) continue;
        const index = Number(key.slice(prefix.length, key.indexOf(']', prefix.length)));
        if (Number.isInteger(index) && index >= 0 && index < 200) indices.add(index);
      }
      const result: Record<string, unknown>[] = [];
      for (const index of [...indices].sort((a, b) => a - b)) {
        const item: Record<string, unknown> = {};
        for (const [child, childUi] of Object.entries(ui.fields ?? {})) {
          const value = readField(`${path}[${index}][${child}]`, childUi, items.properties?.[child] ?? {}, body);
          if (value !== undefined && value !== false) item[child] = value;
        }
        // A row left wholly empty is no item (the page always offers one to fill in).
        if (Object.keys(item).length > 0) result.push(item);
      }
      return result.length > 0 ? result : undefined;
    }
    default: {
      const text = first(body[path])?.trim();
      return text ? text : undefined;
    }
  }
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
