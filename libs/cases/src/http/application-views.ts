import type { ServiceTemplate } from '@townhall/catalogue';
import { answerPathLabel, answerPathPlace, type AnswerError, type FormDefinition } from '@townhall/forms';
import type { Locale } from '@townhall/tenancy';
import { formatDate, type PageLocale } from '@townhall/web';
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
  if (ui.widget === 'date' && typeof value === 'string') return calendarDate(value, locale);
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

/**
 * A date answer (a calendar day, YYYY-MM-DD) in the page's date style: "30 June 2015" /
 * "30. juuni 2015". No time zone moves a calendar day. What is no such date is shown as it is.
 */
export function calendarDate(value: string, locale: Locale): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return value;
  return formatDate(`${value}T00:00:00Z`, { lang: locale as PageLocale, timeZone: 'UTC', currency: '' });
}

/**
 * Errors for the error summary, in the page's language: each names its field as the page
 * shows it and says what is wrong (a choice not made: "choose one"), linked to its input.
 * On the step's own page the link is `#id` (`field`); from another page (`elsewhere`: the
 * review, the answer to a request) it goes to the step (`href`) where the field can be
 * changed, and nowhere where it cannot.
 */
export function errorSummary(
  form: FormDefinition,
  errors: AnswerError[],
  locale: Locale,
  t: TFunction,
  elsewhere?: { base: string; editable: (field: string) => boolean },
): { field?: string; href?: string; text: string; path: string }[] {
  return errors.map((e) => {
    const place = answerPathPlace(form, e.field);
    const choice = place?.widget === 'select' || place?.widget === 'radios';
    const wording = e.keyword === 'required' && choice ? 'choose' : e.keyword;
    const text = `${answerPathLabel(form, e.field, locale)}: ${t(`cases.errors.${wording}`, { ...e.params, defaultValue: e.message })}`;
    // The id of the field's input (libs/forms): `choices.0.siblingAttends` → `choices-0-siblingAttends`.
    const id =
      place?.id ??
      e.field
        .split('.')
        .join('-')
        .replace(/[^a-zA-Z0-9-]/g, '-');
    if (!elsewhere) return { field: id, text, path: e.field };
    if (!place || !elsewhere.editable(e.field.split('.')[0])) return { text, path: e.field };
    return { href: `${elsewhere.base}/steps/${place.step + 1}#${id}`, text, path: e.field };
  });
}
