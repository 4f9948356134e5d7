import { randomUUID } from 'node:crypto';
import { createAjv, fieldsRead, type DefinitionProblem, type FieldUi } from '@townhall/forms';
import { ASSURANCE_LEVELS, type Locale } from '@townhall/tenancy';
import { checkFeeRule, checkServiceTemplate } from '../templates/check-service-template.js';
import { canonicalJson } from './canonical-json.js';
import type { ServiceTemplate } from '../templates/service-template.js';
import {
  completeText,
  serviceCustomisationSchema,
  type ExtraField,
  type ServiceCustomisation,
} from './service-customisation.js';

const validateShape = createAjv(false).compile(serviceCustomisationSchema);

/**
 * The service a municipality offers: the template with its customisation applied. Every
 * problem is named by its path in the customisation ("hiddenFields[0]"), so an admin sees
 * which of their changes breaks the template; nothing is published while there are any.
 */
export function customise(template: ServiceTemplate, candidate: unknown, defaultLocale: Locale): Customised {
  // Many municipalities share a customisation (most none at all): the same one of the same
  // template version makes the same service, worked out once. Callers must not change it.
  let made = madeFrom.get(template);
  if (!made) madeFrom.set(template, (made = new Map()));
  const key = `${defaultLocale}|${canonicalJson(candidate)}`;
  const known = made.get(key);
  if (known) return known;
  const result = apply(template, candidate, defaultLocale);
  if (made.size >= MADE_LIMIT) made.delete(made.keys().next().value!);
  made.set(key, result);
  return result;
}

type Customised = { definition: ServiceTemplate; problems: DefinitionProblem[] };
const MADE_LIMIT = 500;
/** Per template version object (the repository keeps one per version). */
const madeFrom = new WeakMap<ServiceTemplate, Map<string, Customised>>();

function apply(template: ServiceTemplate, candidate: unknown, defaultLocale: Locale): Customised {
  if (!validateShape(candidate)) {
    const problems = (validateShape.errors ?? []).map((e) => ({
      path: e.instancePath.split('/').filter(Boolean).join('.') || '(customisation)',
      message: e.message ?? e.keyword,
    }));
    return { definition: template, problems };
  }
  const custom = candidate as ServiceCustomisation;
  const problems: DefinitionProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const d = structuredClone(template);
  const text = (partial: Parameters<typeof completeText>[0]) => completeText(partial, defaultLocale);

  for (const [key, value] of Object.entries(custom.texts ?? {})) {
    const k = key as keyof ServiceTemplate['texts'];
    d.texts[k] = { ...d.texts[k], ...value };
  }
  if (custom.category) d.category = custom.category;
  if (custom.assuranceLevel) {
    if (ASSURANCE_LEVELS.indexOf(custom.assuranceLevel) < ASSURANCE_LEVELS.indexOf(template.assuranceLevel)) {
      problem('assuranceLevel', `the template needs at least "${template.assuranceLevel}"`);
    } else d.assuranceLevel = custom.assuranceLevel;
  }

  // Hidden fields: optional ones only, and none that the service itself reads.
  const users = fieldUsers(template);
  (custom.hiddenFields ?? []).forEach((name, i) => {
    const at = `hiddenFields[${i}]`;
    if (!(name in template.form.schema.properties)) return problem(at, `there is no field "${name}"`);
    if ((template.form.schema.required ?? []).includes(name)) {
      return problem(at, `"${name}" is required and cannot be hidden`);
    }
    const usedBy = users.get(name);
    if (usedBy) return problem(at, `"${name}" cannot be hidden: ${usedBy} uses it`);
    delete d.form.schema.properties[name];
    delete d.form.ui.fields[name];
    for (const step of d.form.ui.steps) step.fields = step.fields.filter((f) => f !== name);
    delete d.example[name];
    d.prefill = d.prefill?.filter((p) => p.field.split('.')[0] !== name);
  });

  // Extra fields: the municipality's own questions, asked on a step of the template's.
  (custom.extraFields ?? []).forEach((field, i) => {
    const at = `extraFields[${i}]`;
    if (field.name in template.form.schema.properties || d.form.ui.fields[field.name]) {
      return problem(`${at}.name`, `the form already has a field "${field.name}"`);
    }
    const step = field.step ? d.form.ui.steps.find((s) => s.id === field.step) : d.form.ui.steps.at(-1);
    if (!step) {
      return problem(
        `${at}.step`,
        field.step ? `there is no step "${field.step}"` : 'the form has no step to ask it on',
      );
    }
    const built = extraField(field, text);
    if ('error' in built) return problem(built.path ? `${at}.${built.path}` : at, built.error);
    d.form.schema.properties[field.name] = built.schema;
    d.form.ui.fields[field.name] = built.ui;
    step.fields.push(field.name);
    if (field.required) d.form.schema.required = [...(d.form.schema.required ?? []), field.name];
    d.example[field.name] = built.example;
  });

  // Fees: the municipality's amounts for the template's rules, evaluated on the example.
  for (const [id, amount] of Object.entries(custom.fees ?? {})) {
    const rule = d.fees?.rules.find((r) => r.id === id);
    if (!rule) {
      problem(`fees.${id}`, d.fees ? `there is no fee rule "${id}"` : 'the service has no fee');
      continue;
    }
    rule.amount = amount;
    for (const read of typeof amount === 'number' ? [] : fieldsRead(amount)) {
      if (!(read in d.form.schema.properties))
        problem(`fees.${id}`, `the amount reads "${read}", which is not a field`);
    }
    problems.push(...checkFeeRule(rule, d.example, `fees.${id}`).map((p) => ({ ...p, path: `fees.${id}` })));
  }

  for (const [state, days] of Object.entries(custom.deadlines ?? {})) {
    const found = d.workflow.states.find((s) => s.id === state);
    if (!found) problem(`deadlines.${state}`, `there is no state "${state}"`);
    else if (found.kind === 'closed') problem(`deadlines.${state}`, `"${state}" is closed: it has no deadline`);
    else found.deadlineDays = days;
  }

  const states = new Set(d.workflow.states.map((s) => s.id));
  (custom.extraTransitions ?? []).forEach((t, i) => {
    const at = `extraTransitions[${i}]`;
    if (d.workflow.transitions.some((x) => x.id === t.id))
      return problem(`${at}.id`, `there is already a transition "${t.id}"`);
    if (!states.has(t.from)) return problem(`${at}.from`, `there is no state "${t.from}"`);
    if (!states.has(t.to)) return problem(`${at}.to`, `there is no state "${t.to}"`);
    if (t.decision && !d.decisions[t.decision])
      return problem(`${at}.decision`, `there is no decision "${t.decision}"`);
    if (t.message && !d.messages[t.message]) return problem(`${at}.message`, `there is no message "${t.message}"`);
    for (const read of fieldsRead(t.when)) {
      if (!(read in d.form.schema.properties))
        return problem(`${at}.when`, `the condition reads "${read}", which is not a field`);
    }
    d.workflow.transitions.push({ ...t, label: text(t.label) });
  });

  if (custom.delivery) {
    custom.delivery.forEach((option, i) => {
      if (!template.delivery.includes(option))
        problem(`delivery[${i}]`, `the service cannot be delivered by ${option}`);
    });
    d.delivery = custom.delivery.filter((o) => template.delivery.includes(o));
  }

  // The result is checked as a template: what the steps above did not foresee still shows.
  // (An extra field's stand-in example value may miss its pattern: that is not the admin's error.)
  if (problems.length === 0) {
    const extra = new Set((custom.extraFields ?? []).map((f) => `example.${f.name}`));
    problems.push(
      ...checkServiceTemplate(d)
        .filter((p) => !extra.has(p.path.split('.').slice(0, 2).join('.')))
        .map((p) => ({ path: `(result) ${p.path}`, message: p.message })),
    );
  }
  return { definition: d, problems };
}

/** Which part of the template reads each field (conditions, fee rules, workflow, registers). */
function fieldUsers(template: ServiceTemplate): Map<string, string> {
  const users = new Map<string, string>();
  const use = (names: string[], by: string) => names.forEach((n) => users.has(n) || users.set(n, by));
  for (const t of template.workflow.transitions) use(fieldsRead(t.when), `transition "${t.id}"`);
  for (const r of template.fees?.rules ?? []) {
    use([...fieldsRead(r.when), ...(typeof r.amount === 'number' ? [] : fieldsRead(r.amount))], `fee rule "${r.id}"`);
  }
  for (const [name, ui] of Object.entries(template.form.ui.fields))
    use(fieldsRead(ui.when), `the condition of "${name}"`);
  for (const f of template.followUps ?? []) if (f.dueAfterField) use([f.dueAfterField], `follow-up "${f.id}"`);
  return users;
}

type Built = { schema: Record<string, unknown>; ui: FieldUi; example: unknown } | { error: string; path?: string };

function extraField(field: ExtraField, text: (t: ExtraField['label']) => FieldUi['label']): Built {
  const ui: FieldUi = { widget: 'text', label: text(field.label), ...(field.hint ? { hint: text(field.hint) } : {}) };
  const bounds = {
    ...(field.minimum !== undefined ? { minimum: field.minimum } : {}),
    ...(field.maximum !== undefined ? { maximum: field.maximum } : {}),
  };
  if (field.minimum !== undefined && field.maximum !== undefined && field.minimum > field.maximum) {
    return { error: 'minimum is above maximum', path: 'minimum' };
  }
  const options = field.options ?? [];
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'address':
    case 'phone':
    case 'email': {
      const widget = field.type;
      if (field.pattern !== undefined) {
        try {
          new RegExp(field.pattern, 'u');
        } catch (error) {
          return {
            error: `the pattern is not a valid regular expression: ${(error as Error).message}`,
            path: 'pattern',
          };
        }
      }
      const schema = {
        type: 'string',
        minLength: field.required ? 1 : 0,
        maxLength: field.maxLength ?? (widget === 'textarea' ? 4000 : 300),
        ...(field.pattern !== undefined ? { pattern: field.pattern } : {}),
        ...(widget === 'email' ? { format: 'email' } : {}),
      };
      return { schema, ui: { ...ui, widget }, example: widget === 'email' ? 'someone@example.eu' : 'Example' };
    }
    case 'number':
      return {
        schema: { type: 'number', ...bounds },
        ui: { ...ui, widget: 'number' },
        example: field.minimum ?? field.maximum ?? 1,
      };
    case 'date':
      return { schema: { type: 'string', format: 'date' }, ui: { ...ui, widget: 'date' }, example: '2026-01-15' };
    case 'checkbox':
      return {
        schema: { type: 'boolean', ...(field.required ? { const: true } : {}) },
        ui: { ...ui, widget: 'checkbox' },
        example: true,
      };
    case 'choice':
    case 'multi-choice': {
      if (options.length === 0) return { error: `a ${field.type} field lists its options`, path: 'options' };
      const values = options.map((o) => o.value);
      if (new Set(values).size !== values.length) return { error: 'two options have the same value', path: 'options' };
      const labels = Object.fromEntries(options.map((o) => [o.value, text(o.label)]));
      return field.type === 'choice'
        ? {
            schema: { type: 'string', enum: values },
            ui: { ...ui, widget: options.length > 6 ? 'select' : 'radios', options: labels },
            example: values[0],
          }
        : {
            schema: {
              type: 'array',
              uniqueItems: true,
              items: { type: 'string', enum: values },
              ...(field.required ? { minItems: 1 } : {}),
            },
            ui: { ...ui, widget: 'checkboxes', options: labels },
            example: [values[0]],
          };
    }
    case 'file':
      return {
        schema: { type: 'array', items: { type: 'string' }, maxItems: 10, ...(field.required ? { minItems: 1 } : {}) },
        ui: {
          ...ui,
          widget: 'file',
          accept: field.accept ?? ['application/pdf', 'image/jpeg', 'image/png'],
          maxBytes: field.maxBytes ?? 10485760,
        },
        example: [randomUUID()],
      };
  }
}
