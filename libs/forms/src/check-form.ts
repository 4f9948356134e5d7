import { answersValidator } from './answers.js';
import type { FieldUi, FormDefinition } from './form-definition.js';
import { fieldsRead } from './json-logic.js';

/** Something wrong in a definition, at a path a person can find ("form.ui.fields.reason.when"). */
export interface DefinitionProblem {
  path: string;
  message: string;
}

type Schema = Record<string, unknown>;

/** The JSON types each widget can ask for. */
const WIDGET_TYPES: Record<FieldUi['widget'], string[]> = {
  text: ['string'],
  textarea: ['string'],
  email: ['string'],
  phone: ['string'],
  address: ['string'],
  date: ['string'],
  number: ['number', 'integer'],
  radios: ['string'],
  select: ['string'],
  checkboxes: ['array'],
  checkbox: ['boolean'],
  file: ['array'],
  group: ['array'],
};

/**
 * Checks that a form's schema compiles and that its description fits it: every field is
 * asked on exactly one step, each widget matches its field's type, every option is
 * labelled, and conditions only read fields the form has.
 */
export function checkForm(form: FormDefinition, at: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path: `${at}.${path}`, message });
  const properties = form.schema.properties;
  const names = Object.keys(properties);

  try {
    answersValidator(form);
  } catch (error) {
    problem('schema', `the schema does not compile: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const name of form.schema.required ?? []) {
    if (!(name in properties)) problem('schema.required', `"${name}" is required but the schema has no such field`);
  }

  const asked = new Map<string, string>();
  form.ui.steps.forEach((step, index) => {
    if (form.ui.steps.findIndex((s) => s.id === step.id) !== index) {
      problem(`ui.steps[${index}].id`, `step "${step.id}" appears twice`);
    }
    step.fields.forEach((name, position) => {
      const path = `ui.steps[${index}].fields[${position}]`;
      if (!(name in properties)) problem(path, `field "${name}" is not in the schema`);
      else if (asked.has(name)) problem(path, `field "${name}" is already asked on step "${asked.get(name)}"`);
      asked.set(name, step.id);
    });
  });
  for (const name of names) {
    if (!asked.has(name)) problem(`schema.properties.${name}`, `field "${name}" is asked on no step`);
    if (!form.ui.fields[name]) problem(`ui.fields`, `field "${name}" has no description (label, widget)`);
  }
  for (const [name, ui] of Object.entries(form.ui.fields)) {
    const schema = properties[name];
    if (!schema) {
      problem(`ui.fields.${name}`, `field "${name}" is described but not in the schema`);
      continue;
    }
    checkField(ui, schema, `ui.fields.${name}`, problem);
    for (const read of fieldsRead(ui.when)) {
      if (!(read in properties))
        problem(`ui.fields.${name}.when`, `the condition reads "${read}", which is not a field`);
      else if (read === name) problem(`ui.fields.${name}.when`, 'a field cannot depend on itself');
    }
  }
  return problems;
}

function checkField(ui: FieldUi, schema: Schema, path: string, problem: (path: string, message: string) => void) {
  const type = schema.type as string | undefined;
  if (!type || !WIDGET_TYPES[ui.widget].includes(type)) {
    problem(`${path}.widget`, `a ${ui.widget} cannot ask for a value of type ${String(type)}`);
    return;
  }
  const values = enumOf(ui.widget === 'checkboxes' ? (schema.items as Schema | undefined) : schema);
  if (['radios', 'select', 'checkboxes'].includes(ui.widget)) {
    if (!values) problem(`${path}.widget`, `a ${ui.widget} needs an enum of values in the schema`);
    for (const value of values ?? []) {
      if (!ui.options?.[value]) problem(`${path}.options`, `value "${value}" has no label`);
    }
  }
  if (ui.widget === 'file') {
    if (!ui.accept || !ui.maxBytes) problem(path, 'a file field names the types it accepts and its largest size');
    const items = schema.items as Schema | undefined;
    if (items?.type !== 'string') problem(`${path}.widget`, 'a file field holds a list of attachment ids (strings)');
  }
  if (ui.widget === 'date' && schema.format !== 'date') problem(`${path}.widget`, 'a date field has format "date"');
  if (ui.widget === 'group') {
    const items = schema.items as Schema | undefined;
    const inner = (items?.properties ?? {}) as Record<string, Schema>;
    if (items?.type !== 'object') problem(`${path}.widget`, 'a group holds a list of objects');
    if (!ui.fields || !ui.itemLabel) problem(path, 'a group describes its fields and how an item is called');
    for (const name of Object.keys(inner)) {
      if (!ui.fields?.[name]) problem(`${path}.fields`, `field "${name}" of the group has no description`);
    }
    for (const [name, child] of Object.entries(ui.fields ?? {})) {
      if (!inner[name]) problem(`${path}.fields.${name}`, `field "${name}" is not in the group's schema`);
      else if (child.widget === 'group' || child.widget === 'file') {
        problem(`${path}.fields.${name}.widget`, `a group cannot hold a ${child.widget}`);
      } else checkField(child, inner[name], `${path}.fields.${name}`, problem);
    }
  }
}

function enumOf(schema: Schema | undefined): string[] | undefined {
  const values = schema?.enum;
  return Array.isArray(values) ? values.map(String) : undefined;
}
