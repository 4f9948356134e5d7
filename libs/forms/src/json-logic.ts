import jsonLogic from 'json-logic-js';
import type { JsonLogic } from './form-definition.js';

/**
 * Conditions and fee rules are JsonLogic (data, not code): a template or a municipality
 * writes them, json-logic-js evaluates them. No custom operations are added, so a rule can
 * do nothing but compute over the answers it is given.
 */
export function evaluate(rule: JsonLogic, data: unknown): unknown {
  return jsonLogic.apply(rule as jsonLogic.RulesLogic, data);
}

/** Whether a condition holds; a missing condition always does. */
export function holds(rule: JsonLogic | undefined, data: unknown): boolean {
  return rule === undefined || Boolean(evaluate(rule, data));
}

/** The top-level fields a rule reads (`{"var": "trees.0.count"}` reads `trees`). */
export function fieldsRead(rule: JsonLogic | undefined): string[] {
  if (rule === undefined || rule === null || typeof rule !== 'object') return [];
  const names = jsonLogic.uses_data(rule as Record<string, unknown>) as unknown[];
  return [...new Set(names.map((name) => String(name).split('.')[0]).filter(Boolean))];
}

/** Evaluates a rule, turning a failure into a message instead of an exception. */
export function tryEvaluate(rule: JsonLogic, data: unknown): { value: unknown } | { error: string } {
  try {
    return { value: evaluate(rule, data) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
