import { createHmac, randomBytes } from 'node:crypto';

/** The headers of a delivery; receivers read them case-insensitively, as HTTP says. */
export const WEBHOOK_HEADERS = {
  /** The delivery's id: the same on every attempt and resend of it (an idempotency key). */
  id: 'Townhall-Webhook-Id',
  /** Unix seconds of this attempt; part of what is signed. */
  timestamp: 'Townhall-Webhook-Timestamp',
  /** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
  signature: 'Townhall-Webhook-Signature',
  /** The event type, also in the body, for routing without parsing it. */
  event: 'Townhall-Webhook-Event',
} as const;

/** `whsec_` and 32 random bytes (base64url): the secret a subscription signs with, shown once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The documented algorithm (libs/integrations/README.md): HMAC-SHA256 keyed with the whole
 * secret as UTF-8 (`whsec_` included), over the attempt's timestamp (decimal unix seconds),
 * a full stop and the raw body; hex; prefixed with the scheme's version `v1=`.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  mac.update(`${timestamp}.`, 'utf8');
  mac.update(body, 'utf8');
  return `v1=${mac.digest('hex')}`;
}
