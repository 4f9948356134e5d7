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

  // What a refusal tells the applicant of their fee is what happens to it (fees.refundOnRejection):
  // a text promising it back needs `always`, one saying it is kept needs `never`.
  const refundWords: Record<string, RegExp> = {
    en: /refund/i,
    et: /tagasta/i,
    fi: /palaute(taan|ta)/i,
    sv: /återbeta|betalas (den |det )?tillbaka/i,
    bg: /възстанов/i,
  };
  const keptWords: Record<string, RegExp> = {
    en: /\b(not|never|no)\b[^.]*refund/i,
    et: /\bei\b[^.]*tagast/i,
    fi: /\bei\b[^.]*palaut/i,
    sv: /\binte\b[^.]*(återbeta|tillbaka)|(återbeta\w*|betalas)\s+inte\b/i,
    bg: /(^|\s)не\s[^.]*възстанов/i,
  };
  const refusals = templates
    .filter((t) => t.fees)
    .flatMap((t) =>
      Object.entries(t.decisions)
        .filter(([, d]) => d.outcome === 'rejected')
        .map(([key, d]) => [`${t.code} v${t.version} ${key}`, t, d] as const),
    );
  (only ? it.skip : it)('include a refusal that refunds the fee (the parking permit)', () => {
    expect(refusals.some(([, t]) => t.fees!.refundOnRejection === 'always')).toBe(true);
  });
  const said = (locale: string, text: string) =>
    keptWords[locale].test(text) ? 'kept' : refundWords[locale].test(text) ? 'refunded' : 'nothing';
  it('say of the fee what its refundOnRejection does, in every language', () => {
    const mismatches = refusals.flatMap(([name, t, decision]) => {
      const rule = t.fees!.refundOnRejection ?? 'never';
      const allowed = rule === 'always' ? ['refunded', 'nothing'] : ['kept', 'nothing'];
      return Object.entries(decision.body).flatMap(([locale, text]) =>
        allowed.includes(said(locale, text)) ? [] : [{ refusal: name, rule, locale, said: said(locale, text), text }],
      );
    });
    expect(mismatches).toEqual([]);
  });

  // What a step's message tells the applicant of their fee is what the step does with it: a text
  // promising it back needs `refundsFee` (or a refusal the fee rules refund), one saying it is kept neither.
  const steps = templates
    .filter((t) => t.fees)
    .flatMap((t) =>
      t.workflow.transitions
        .filter((step) => step.message && t.messages[step.message])
        .map((step) => [`${t.code} v${t.version} ${step.id}`, t, step] as const),
    );
  (only ? it.skip : it)('include a cancellation that refunds the fee (the wedding ceremony)', () => {
    expect(steps.some(([, t, step]) => t.code === 'wedding-ceremony' && step.refundsFee)).toBe(true);
  });
  it("say in a step's message what the step does with the fee, in every language", () => {
    const mismatches = steps.flatMap(([name, t, step]) => {
      const refusal = step.decision && t.decisions[step.decision]?.outcome === 'rejected';
      const refunds = step.refundsFee === true || (refusal && t.fees?.refundOnRejection === 'always');
      const allowed = refunds ? ['refunded', 'nothing'] : ['kept', 'nothing'];
      return Object.entries(t.messages[step.message!].body).flatMap(([locale, text]) =>
        allowed.includes(said(locale, text)) ? [] : [{ step: name, refunds, locale, said: said(locale, text), text }],
      );
    });
    expect(mismatches).toEqual([]);
  });
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

  it('takes a fee refund rule on withdrawal, and names one it does not know', () => {
    const t = base();
    t.fees = {
      due: 'on-submit',
      refundOnWithdrawal: 'never',
      rules: [{ id: 'base', label: t.texts.title, amount: 500 }],
    };
    expect(checkServiceTemplate(t)).toEqual([]);
    (t.fees as unknown as Record<string, unknown>).refundOnWithdrawal = 'sometimes';
    expect(checkServiceTemplate(t)).toContainEqual(
      expect.objectContaining({ path: 'fees.refundOnWithdrawal', message: expect.stringContaining('allowed values') }),
    );
  });

  it('takes a fee refund rule on rejection, and names one it does not know', () => {
    const t = base();
    t.fees = {
      due: 'on-submit',
      refundOnRejection: 'always',
      rules: [{ id: 'base', label: t.texts.title, amount: 500 }],
    };
    expect(checkServiceTemplate(t)).toEqual([]);
    (t.fees as unknown as Record<string, unknown>).refundOnRejection = 'partly';
    expect(checkServiceTemplate(t)).toContainEqual(
      expect.objectContaining({ path: 'fees.refundOnRejection', message: expect.stringContaining('allowed values') }),
    );
  });

  it('takes a step that refunds the fee into a closed state, and names one that cannot', () => {
    const t = base();
    const closing = t.workflow.transitions.findIndex(
      (s) => t.workflow.states.find((x) => x.id === s.to)?.kind === 'closed',
    );
    t.workflow.transitions[closing].refundsFee = true;
    expect(checkServiceTemplate(t)).toContainEqual({
      path: `workflow.transitions[${closing}].refundsFee`,
      message: `transition "${t.workflow.transitions[closing].id}" refunds the fee, but the service has no fees`,
    });
    t.fees = { due: 'on-submit', rules: [{ id: 'base', label: t.texts.title, amount: 500 }] };
    expect(checkServiceTemplate(t)).toEqual([]);
    t.workflow.transitions[0].refundsFee = true;
    expect(checkServiceTemplate(t)).toContainEqual({
      path: 'workflow.transitions[0].refundsFee',
      message: expect.stringMatching(
        /^transition "start-review" refunds the fee but leads to "[a-z-]+", which is open, not closed$/,
      ),
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
