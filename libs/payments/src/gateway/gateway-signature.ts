import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The gateway protocol's MAC ("townhall-pay v1", as apps/sandbox speaks it; modelled on bank
 * links, which sign a fixed sequence of fields, each with its length): the message's type and
 * fields, in the protocol's order, each written as `<byte length>:<value>` and joined by `|`,
 * HMAC-SHA256 with the merchant's secret, in lower-case hex. Lengths make the string
 * unambiguous: no value can shift a field boundary. The signature goes as `v1=<hex>`.
 */
export function canonicalString(type: string, fields: readonly (string | number)[]): string {
  return [type, ...fields.map(String)].map((value) => `${Buffer.byteLength(value, 'utf8')}:${value}`).join('|');
}

export function sign(secret: string, type: string, fields: readonly (string | number)[]): string {
  return `v1=${createHmac('sha256', secret).update(canonicalString(type, fields), 'utf8').digest('hex')}`;
}

/** Whether `signature` is the MAC of the fields, compared in constant time. */
export function verify(
  secret: string,
  type: string,
  fields: readonly (string | number)[],
  signature: string | undefined,
): boolean {
  if (!signature || !/^v1=[0-9a-f]{64}$/.test(signature)) return false;
  const expected = Buffer.from(sign(secret, type, fields), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The fields of each message, in the order they are signed. */
export const SIGNED_FIELDS = {
  /** Product → gateway: open a session. */
  session: ['merchantId', 'reference', 'amount', 'currency', 'method', 'returnUrl', 'callbackUrl', 'expiresAt'],
  /** Gateway → product, server to server. */
  callback: ['merchantId', 'sessionId', 'reference', 'eventId', 'status', 'amount', 'currency', 'sentAt'],
  /** Gateway → product, through the payer's browser (query string). */
  return: ['merchantId', 'sessionId', 'reference', 'status', 'amount', 'currency', 'sentAt'],
  /** Product → gateway: give a paid session's money back. */
  refund: ['merchantId', 'sessionId', 'reference', 'amount', 'currency'],
} as const;
export type SignedMessage = keyof typeof SIGNED_FIELDS;

/** The values of a message's signed fields, in order (a missing field is an empty string). */
export function fieldsOf(message: SignedMessage, values: Record<string, unknown>): string[] {
  return SIGNED_FIELDS[message].map((name) =>
    values[name] === undefined || values[name] === null ? '' : String(values[name]),
  );
}
