import {
  checkForm,
  createAjv,
  fieldsRead,
  tryEvaluate,
  validateAnswers,
  visibleFields,
  type DefinitionProblem,
  type FormDefinition,
} from '@townhall/forms';
import { checkPrefill } from './check-prefill.js';
import type { ServiceTemplate } from './service-template.js';
import { serviceTemplateSchema } from './service-template.schema.js';

const validateShape = createAjv(false).compile(serviceTemplateSchema);

/**
 * Everything wrong with a template (or a municipality's customised service, which is
 * checked as the template it makes), each named by its path. An empty list: it is sound.
 */
export function checkServiceTemplate(candidate: unknown): DefinitionProblem[] {
  if (!validateShape(candidate)) {
    return (validateShape.errors ?? []).map((e) => ({
      path: e.instancePath.split('/').filter(Boolean).join('.') || '(template)',
      message: e.message ?? e.keyword,
    }));
  }
  const template = candidate as unknown as ServiceTemplate;
  const problems: DefinitionProblem[] = [...checkForm(template.form, 'form')];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const fields = template.form.schema.properties;

  // The workflow: states exist, transitions join them, every state can be reached.
  const { workflow } = template;
  const states = new Set(workflow.states.map((s) => s.id));
  duplicates(workflow.states.map((s) => s.id)).forEach((id) =>
    problem('workflow.states', `state "${id}" appears twice`),
  );
  if (!states.has(workflow.initial)) problem('workflow.initial', `there is no state "${workflow.initial}"`);
  duplicates(workflow.transitions.map((t) => t.id)).forEach((id) =>
    problem('workflow.transitions', `transition "${id}" appears twice`),
  );
  workflow.transitions.forEach((t, i) => {
    const at = `workflow.transitions[${i}]`;
    if (!states.has(t.from)) problem(`${at}.from`, `transition "${t.id}" leaves "${t.from}", which is not a state`);
    if (!states.has(t.to)) problem(`${at}.to`, `transition "${t.id}" leads to "${t.to}", which is not a state`);
    if (t.decision && !template.decisions[t.decision]) {
      problem(`${at}.decision`, `there is no decision "${t.decision}"`);
    }
    if (t.message && !template.messages[t.message]) problem(`${at}.message`, `there is no message "${t.message}"`);
    if (t.refundsFee && !template.fees) {
      problem(`${at}.refundsFee`, `transition "${t.id}" refunds the fee, but the service has no fees`);
    }
    // A fee given back ends the case: a step that goes on after it would go on unpaid.
    const into = workflow.states.find((s) => s.id === t.to);
    if (t.refundsFee && into && into.kind !== 'closed') {
      problem(
        `${at}.refundsFee`,
        `transition "${t.id}" refunds the fee but leads to "${t.to}", which is ${into.kind}, not closed`,
      );
    }
    for (const read of fieldsRead(t.when)) {
      if (!(read in fields)) problem(`${at}.when`, `the condition reads "${read}", which is not a field`);
    }
  });
  (workflow.automatic ?? []).forEach((step, i) => {
    if (!workflow.transitions.some((t) => t.id === step.transition)) {
      problem(`workflow.automatic[${i}].transition`, `there is no transition "${step.transition}"`);
    }
  });
  const reached = reachable(template);
  for (const state of workflow.states) {
    if (!reached.has(state.id))
      problem('workflow.states', `state "${state.id}" cannot be reached from "${workflow.initial}"`);
    const leaves = workflow.transitions.some((t) => t.from === state.id);
    if (state.kind !== 'closed' && !leaves)
      problem('workflow.states', `state "${state.id}" is not closed but has no way out`);
  }

  // Fee rules evaluate to an amount on the example, and read only fields the form has.
  (template.fees?.rules ?? []).forEach((rule, i) => {
    const at = `fees.rules[${i}]`;
    for (const read of [
      ...fieldsRead(rule.when),
      ...fieldsRead(typeof rule.amount === 'number' ? undefined : rule.amount),
    ]) {
      if (!(read in fields)) problem(at, `fee rule "${rule.id}" reads "${read}", which is not a field`);
    }
    problems.push(...checkFeeRule(rule, template.example, at));
  });

  // Registers fill fields that exist, from attributes they offer; follow-ups are forms of their own.
  problems.push(...checkPrefill(template));
  (template.followUps ?? []).forEach((followUp, i) => {
    problems.push(...checkForm(followUp.form, `followUps[${i}].form`));
    const after = followUp.dueAfterField;
    if (after && (fields[after] as { format?: string } | undefined)?.format !== 'date') {
      problem(`followUps[${i}].dueAfterField`, `"${after}" is not a date field of the form`);
    }
  });

  // The example is a filled form the template accepts.
  problems.push(...checkExample(template.form, template.example, 'example'));
  return problems;
}

/** A fee rule's condition and amount, evaluated on answers: errors name the rule. */
export function checkFeeRule(
  rule: NonNullable<ServiceTemplate['fees']>['rules'][number],
  answers: Record<string, unknown>,
  at: string,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (rule.when !== undefined) {
    const result = tryEvaluate(rule.when, answers);
    if ('error' in result) problems.push({ path: `${at}.when`, message: `fee rule "${rule.id}": ${result.error}` });
  }
  if (typeof rule.amount !== 'number') {
    const result = tryEvaluate(rule.amount, answers);
    if ('error' in result) problems.push({ path: `${at}.amount`, message: `fee rule "${rule.id}": ${result.error}` });
    else if (typeof result.value !== 'number' || !Number.isFinite(result.value) || result.value < 0) {
      problems.push({
        path: `${at}.amount`,
        message: `fee rule "${rule.id}" gives ${JSON.stringify(result.value)}, not an amount in cents`,
      });
    }
  }
  return problems;
}

function checkExample(form: FormDefinition, example: Record<string, unknown>, at: string): DefinitionProblem[] {
  const { errors } = validateAnswers(form, example);
  const asked = new Set(visibleFields(form, example));
  const unasked = Object.keys(example).filter((name) => !asked.has(name));
  return [
    ...errors.map((e) => ({ path: `${at}.${e.field}`, message: e.message })),
    ...unasked.map((name) => ({ path: `${at}.${name}`, message: `"${name}" is answered but not asked` })),
  ];
}

function reachable(template: ServiceTemplate): Set<string> {
  const seen = new Set([template.workflow.initial]);
  const queue = [template.workflow.initial];
  while (queue.length > 0) {
    const from = queue.shift();
    for (const t of template.workflow.transitions) {
      if (t.from === from && !seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
