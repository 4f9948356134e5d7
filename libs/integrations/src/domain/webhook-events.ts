import type { NotificationEvent } from '@townhall/notifications';

/**
 * What a municipality's systems may subscribe to: the changes of applications and cases the
 * platform writes to its outbox (libs/notifications). Not the reminders (a message to the
 * applicant, no change of the application), nor what concerns no application.
 * `case.deadline-near` and `case.escalated` are written only for cases with an official in
 * charge (an assignee), as the outbox has them.
 */
export const WEBHOOK_EVENTS = [
  'application.submitted',
  'application.information-requested',
  'application.decided',
  'application.withdrawn',
  'case.deadline-near',
  'case.escalated',
] as const satisfies readonly NotificationEvent[];
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}
