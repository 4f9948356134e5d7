import type { ServiceTemplate } from '@townhall/catalogue';
import type { AnswerError, FormDefinition } from '@townhall/forms';
import type { Locale } from '@townhall/tenancy';
import type { TFunction } from 'i18next';
import type { ApplicationEntity, VerifiedAnswer } from '../domain/application.entity.js';
import type { ApplicationEventEntity } from '../domain/application-event.entity.js';
import type { ApplicationFileEntity } from '../domain/attachment.entity.js';
import { stateOf } from '../domain/workflow.js';
import { chosenItems, registerGroupOf, type RegisterGroup } from '../use-cases/register-items.js';

/** The state of an application in the applicant's words, with the tag's colour. */
export function statusOf(application: ApplicationEntity, service: ServiceTemplate, locale: Locale, t: TFunction) {
  const label =
    application.stateKind === 'draft'
      ? t('cases.status.draft')
      : application.stateKind === 'withdrawn'
        ? t('cases.status.withdrawn')
        : (stateOf(service, application.state)?.label[locale] ?? application.state);
  const tone: Record<string, string> = {
    draft: 'neutral',
    open: 'info',
    'waiting-applicant': 'warning',
    'waiting-payment': 'warning',
    decided: 'success',
    closed: 'neutral',
    withdrawn: 'neutral',
  };
  return { label, kind: application.stateKind, tone: tone[application.stateKind] ?? 'neutral' };
}

/** One line of the history as the applicant (or the office) reads it. */
export function historyOf(
  events: ApplicationEventEntity[],
  service: ServiceTemplate,
  locale: Locale,
  t: TFunction,
  office: boolean,
) {
  return events.map((e) => {
    const to = e.toState ? (stateOf(service, e.toState)?.label[locale] ?? e.toState) : '';
    const transition = e.transition
      ? (service.workflow.transitions.find((x) => x.id === e.transition)?.label[locale] ?? e.transition)
      : '';
    return {
      at: e.occurredAt,
      kind: e.kind,
      what: t(`cases.history.${e.kind}`, { state: to, transition }),
      // The applicant sees who acted for the municipality by role, not by name, unless it decided.
      who:
        e.actorKind === 'citizen'
          ? t('cases.history.you')
          : office || e.kind === 'decided'
            ? e.actorName
            : t(`cases.history.actor.${e.actorKind}`),
      text: e.text,
      internal: e.internal,
    };
  });
}

/**
 * The answers of an application as label/value pairs, in the form's order. A group a
 * register filled (`verified`) also has its items one by one, what the register gave of
 * each apart from what the applicant typed, for the page to mark.
 */
export function answersSummary(
  form: FormDefinition,
  answers: Record<string, unknown>,
  files: ApplicationFileEntity[],
  locale: Locale,
  t: TFunction,
  verified: Record<string, VerifiedAnswer> = {},
) {
  return form.ui.steps.map((step, index) => ({
    index: index + 1,
    title: step.title[locale],
    rows: step.fields
      .filter((name) => answers[name] !== undefined)
      .map((name) => {
        const ui = form.ui.fields[name];
        const row = { name, label: ui.label[locale], value: display(answers[name], ui, files, locale, t) };
        const group = registerGroupOf(verified[name]);
        if (!group || ui.widget !== 'group' || !Array.isArray(answers[name])) return row;
        return { ...row, items: registerItemRows(answers[name] as unknown[], group, ui, files, locale, t) };
      }),
  }));
}

/** Each item of a register's group: what the register gave of it (when it is the register's) and the rest. */
function registerItemRows(
  items: unknown[],
  group: RegisterGroup,
  ui: FormDefinition['ui']['fields'][string],
  files: ApplicationFileEntity[],
  locale: Locale,
  t: TFunction,
) {
  const chosen = chosenItems(group, items);
  const subs = Object.entries(ui.fields ?? {});
  const text = (item: Record<string, unknown>, part: typeof subs) =>
    part
      .filter(([child]) => item[child] !== undefined)
      .map(([child, childUi]) => `${childUi.label[locale]} ${display(item[child], childUi, files, locale, t)}`)
      .join('; ');
  return items.map((value, i) => {
    const item = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const label = `${ui.itemLabel?.[locale] ?? ''} ${i + 1}`.trim();
    if (!chosen.includes(i)) return { label, given: '', register: null, rest: text(item, subs) };
    return {
      label,
      given: text(
        item,
        subs.filter(([child]) => Object.hasOwn(group.fields, child)),
      ),
      register: group.register,
      rest: text(
        item,
        subs.filter(([child]) => !Object.hasOwn(group.fields, child)),
      ),
    };
  });
}

function display(
  value: unknown,
  ui: FormDefinition['ui']['fields'][string],
  files: ApplicationFileEntity[],
  locale: Locale,
  t: TFunction,
): string {
  if (ui.widget === 'file') {
    return ((value as string[]) ?? []).map((id) => files.find((f) => f.id === id)?.fileName ?? id).join(', ');
  }
  if (ui.widget === 'checkbox') return value === true ? t('cases.answers.yes') : t('cases.answers.no');
  if (ui.widget === 'group' && Array.isArray(value)) {
    return value
      .map(
        (item: Record<string, unknown>, i) =>
          `${ui.itemLabel?.[locale] ?? ''} ${i + 1}: ` +
          Object.entries(ui.fields ?? {})
            .filter(([child]) => item[child] !== undefined)
            .map(([child, childUi]) => `${childUi.label[locale]} ${display(item[child], childUi, files, locale, t)}`)
            .join('; '),
      )
      .join(' · ');
  }
  if (Array.isArray(value)) return value.map((v) => ui.options?.[String(v)]?.[locale] ?? String(v)).join(', ');
  if (ui.options && typeof value === 'string') return ui.options[value]?.[locale] ?? value;
  return String(value);
}

/** Errors for the error summary: each links to its field, and says what is wrong in the page's language. */
export function errorSummary(form: FormDefinition, errors: AnswerError[], locale: Locale, t: TFunction) {
  return errors.map((e) => {
    const [top, ...rest] = e.field.split('.');
    const ui = form.ui.fields[top];
    const label = ui?.label[locale] ?? top;
    const anchor = [top, ...rest].join('-').replace(/[^a-zA-Z0-9-]/g, '-');
    const text = `${label}${rest.length ? ` (${rest.join(' ')})` : ''}: ${t(`cases.errors.${e.keyword}`, { ...e.params, defaultValue: e.message })}`;
    return { field: anchor, text, path: e.field };
  });
}
