import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { FormDefinition } from './form-definition.js';
import { createAjv } from './json-schema.js';
import { holds } from './json-logic.js';

/** One answer that is wrong, named by its path in the answers ("trees.0.count"). */
export interface AnswerError {
  field: string;
  /** The JSON Schema keyword that failed (required, maxLength, format…): pages translate it. */
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

const ajv = createAjv(true);

/**
 * Compiled once per form definition object, and once per schema text: many services share a
 * schema (the same template, customised the same way), and compiling is the costly part.
 */
const byForm = new WeakMap<FormDefinition, ValidateFunction>();
const bySchema = new Map<string, ValidateFunction>();
const SCHEMA_LIMIT = 500;

export function answersValidator(form: FormDefinition): ValidateFunction {
  let validate = byForm.get(form);
  if (!validate) {
    const text = JSON.stringify(form.schema);
    validate = bySchema.get(text);
    if (!validate) {
      validate = ajv.compile(JSON.parse(text) as object);
      if (bySchema.size >= SCHEMA_LIMIT) bySchema.delete(bySchema.keys().next().value!);
      bySchema.set(text, validate);
    }
    byForm.set(form, validate);
  }
  return validate;
}

/** The fields asked, given the answers so far: a field whose condition fails is not. */
export function visibleFields(form: FormDefinition, answers: Record<string, unknown>): string[] {
  return Object.keys(form.schema.properties).filter((name) => holds(form.ui.fields[name]?.when, answers));
}

/**
 * Checks answers against the form: the answers to fields not asked (their condition fails)
 * are dropped and their absence is no error. Returns the answers kept and the errors.
 */
export function validateAnswers(
  form: FormDefinition,
  answers: Record<string, unknown>,
): { answers: Record<string, unknown>; errors: AnswerError[] } {
  const visible = new Set(visibleFields(form, answers));
  const kept = Object.fromEntries(Object.entries(answers).filter(([name]) => visible.has(name)));
  const validate = answersValidator(form);
  validate(kept);
  const errors = (validate.errors ?? []).map(toAnswerError).filter((error) => visible.has(error.field.split('.')[0]));
  return { answers: kept, errors };
}

function toAnswerError(error: ErrorObject): AnswerError {
  const path = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required') path.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
  const field = path.join('.');
  return {
    field,
    keyword: error.keyword,
    params: error.params,
    message: `${field || 'answers'} ${error.message ?? ''}`.trim(),
  };
}
