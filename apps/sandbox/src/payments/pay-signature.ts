import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The townhall-pay v1 MAC, as the gateway computes it (written here apart from the product's
 * libs/payments on purpose: a gateway is another party, and a mistake on either side must
 * show as a refused signature, not cancel out). Each field as `<UTF-8 byte length>:<value>`,
 * the message type first, joined by `|`; HMAC-SHA256 with the merchant's secret; `v1=<hex>`.
 */
export const FIELDS = {
  session: ['merchantId', 'reference', 'amount', 'currency', 'method', 'returnUrl', 'callbackUrl', 'expiresAt'],
  callback: ['merchantId', 'sessionId', 'reference', 'eventId', 'status', 'amount', 'currency', 'sentAt'],
  return: ['merchantId', 'sessionId', 'reference', 'status', 'amount', 'currency', 'sentAt'],
  refund: ['merchantId', 'sessionId', 'reference', 'amount', 'currency'],
} as const;
export type PayMessage = keyof typeof FIELDS;

export function mac(secret: string, message: PayMessage, values: Record<string, unknown>): string {
  const parts = [
    message,
    ...FIELDS[message].map((f) => (values[f] === undefined || values[f] === null ? '' : String(values[f]))),
  ];
  const text = parts.map((p) => `${Buffer.byteLength(p, 'utf8')}:${p}`).join('|');
  return `v1=${createHmac('sha256', secret).update(text, 'utf8').digest('hex')}`;
}

export function macMatches(
  secret: string,
  message: PayMessage,
  values: Record<string, unknown>,
  given: unknown,
): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(mac(secret, message, values));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * DEVELOPMENT DEFAULT, not a secret: the signing secret the sandbox gives a merchant account
 * ('sandbox-pay-secret-<merchant id>'). A real gateway issues one per merchant at sign-up; the
 * sandbox's are known so that `npm start` (scripts/lib/settings.mjs) and the tests can use them.
 */
export function sandboxMerchantSecret(merchantId: string): string {
  return `sandbox-pay-secret-${merchantId}`;
}
