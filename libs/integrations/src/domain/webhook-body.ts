import type { OutboxEventEntity } from '@townhall/notifications';
import type { WebhookEvent } from './webhook-events.js';

/**
 * What a delivery's body says: the event and the application it concerns, nothing personal
 * (no names, no texts an official wrote, no answers). The receiver fetches what else it needs
 * with its API key (GET /api/v1/office/cases/{applicationId}).
 */
export interface WebhookBody {
  /** The event's id: the same for every subscription that gets it. */
  id: string;
  type: WebhookEvent;
  /** When the change happened (ISO 8601, UTC). */
  occurredAt: string;
  /** The municipality's slug (its host is <slug>.<platform domain>). */
  municipality: string;
  data: {
    applicationId: string | null;
    reference: string | null;
    /** application.decided: the decision's outcome and the last day to appeal. */
    outcome?: string;
    appealUntil?: string | null;
    /** application.information-requested: answer by; case.deadline-near and case.escalated: the deadline. */
    dueAt?: string | null;
  };
}

/** The body of the event's deliveries, as the JSON text that is signed and posted. */
export function webhookBodyOf(event: OutboxEventEntity & { event: WebhookEvent }, municipality: string): string {
  const payload = event.payload;
  const data: WebhookBody['data'] = {
    applicationId: payload.applicationId ?? null,
    reference: payload.reference ?? null,
  };
  if (event.event === 'application.decided' && payload.decision) {
    data.outcome = payload.decision.outcome;
    data.appealUntil = payload.decision.appealUntil ?? null;
  }
  if (['application.information-requested', 'case.deadline-near', 'case.escalated'].includes(event.event)) {
    data.dueAt = payload.dueAt ?? null;
  }
  const body: WebhookBody = {
    id: event.id,
    type: event.event,
    occurredAt: new Date(event.createdAt).toISOString(),
    municipality,
    data,
  };
  return JSON.stringify(body);
}
