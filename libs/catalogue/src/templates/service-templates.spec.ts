import { readServiceTemplates, serviceTemplatesFolder } from './service-template.library.js';
import { checkServiceTemplate } from './check-service-template.js';
import type { ServiceTemplate } from './service-template.js';

// TEMPLATES=code,code checks only those (while writing one); the suite checks them all.
const only = process.env.TEMPLATES?.split(',').concat('felling-permit');
const templates = readServiceTemplates(serviceTemplatesFolder(), only);

describe('the platform service templates', () => {
  it('are all there, one or more versions each', () => {
    expect(templates.length).toBeGreaterThanOrEqual(1);
  });

  it.each(templates.map((t) => [`${t.code} v${t.version}`, t] as const))(
    '%s is sound, its example accepted',
    (_, t) => {
      expect(checkServiceTemplate(t)).toEqual([]);
    },
  );
});

describe('checking a template', () => {
  const base = (): ServiceTemplate => structuredClone(templates.find((t) => t.code === 'felling-permit')!);

  it('names a transition to a missing state', () => {
    const t = base();
    t.workflow.transitions[0].to = 'nowhere';
    expect(checkServiceTemplate(t)).toContainEqual({
      path: 'workflow.transitions[0].to',
      message: 'transition "start-review" leads to "nowhere", which is not a state',
    });
  });

  it('names a condition that reads a field the form lacks', () => {
    const t = base();
    t.form.ui.fields.reasonDetails.when = { '==': [{ var: 'motive' }, 'other'] };
    expect(checkServiceTemplate(t)).toContainEqual({
      path: 'form.ui.fields.reasonDetails.when',
      message: 'the condition reads "motive", which is not a field',
    });
  });

  it('names a text missing in a language', () => {
    const t = base() as unknown as { texts: { title: Record<string, string> } };
    delete t.texts.title.fi;
    expect(checkServiceTemplate(t)).toContainEqual({
      path: 'texts.title',
      message: "must have required property 'fi'",
    });
  });

  it('names a fee rule that does not evaluate', () => {
    const t = base();
    t.fees = { due: 'on-submit', rules: [{ id: 'base', label: t.texts.title, amount: { pow: [2, 3] } }] };
    expect(checkServiceTemplate(t)).toContainEqual({
      path: 'fees.rules[0].amount',
      message: 'fee rule "base": Unrecognized operation pow',
    });
  });

  it('refuses an example the schema does not accept', () => {
    const t = base();
    t.example.trees = [{ species: 'Kask', count: 0, diameterCm: 35 }];
    expect(checkServiceTemplate(t)).toContainEqual({
      path: 'example.trees.0.count',
      message: 'trees.0.count must be >= 1',
    });
  });
});
