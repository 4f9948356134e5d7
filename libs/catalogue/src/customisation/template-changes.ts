import { isDeepStrictEqual } from 'node:util';
import type { ServiceTemplate } from '../templates/service-template.js';

/** One thing a new template version changes, as a municipality's admin reads it. */
export interface TemplateChange {
  part: 'texts' | 'fields' | 'states' | 'transitions' | 'fees' | 'messages' | 'decisions' | 'other';
  change: 'added' | 'removed' | 'changed';
  name: string;
}

/** What changed from one version of a template to another, part by part. */
export function templateChanges(from: ServiceTemplate, to: ServiceTemplate): TemplateChange[] {
  const changes: TemplateChange[] = [];
  const compare = (part: TemplateChange['part'], a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const name of Object.keys(b)) {
      if (!(name in a)) changes.push({ part, change: 'added', name });
      else if (!isDeepStrictEqual(a[name], b[name])) changes.push({ part, change: 'changed', name });
    }
    for (const name of Object.keys(a)) if (!(name in b)) changes.push({ part, change: 'removed', name });
  };
  const byId = <T extends { id: string }>(items: T[] = []) => Object.fromEntries(items.map((i) => [i.id, i]));
  compare('texts', { ...from.texts }, { ...to.texts });
  compare(
    'fields',
    Object.fromEntries(
      Object.keys(from.form.schema.properties).map((n) => [
        n,
        [from.form.schema.properties[n], from.form.ui.fields[n]],
      ]),
    ),
    Object.fromEntries(
      Object.keys(to.form.schema.properties).map((n) => [n, [to.form.schema.properties[n], to.form.ui.fields[n]]]),
    ),
  );
  compare('states', byId(from.workflow.states), byId(to.workflow.states));
  compare('transitions', byId(from.workflow.transitions), byId(to.workflow.transitions));
  compare('fees', byId(from.fees?.rules), byId(to.fees?.rules));
  compare('messages', from.messages, to.messages);
  compare('decisions', from.decisions, to.decisions);
  const rest = (t: ServiceTemplate) => ({
    category: t.category,
    applicants: t.applicants,
    assuranceLevel: t.assuranceLevel,
    steps: t.form.ui.steps,
    delivery: t.delivery,
    retentionYears: t.retentionYears,
    followUps: t.followUps,
    prefill: t.prefill,
    automatic: t.workflow.automatic,
  });
  compare('other', rest(from), rest(to));
  return changes;
}
