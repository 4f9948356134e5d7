import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** What a receiver concluded of a request: only `valid` ones are taken. */
export type WebhookVerdict = 'valid' | 'bad-signature' | 'stale' | 'replayed';

/** One request a receiver got, with its verdict and answer. */
export interface WebhookReceipt {
  id: string;
  receivedAt: string;
  verdict: WebhookVerdict;
  /** The HTTP status the receiver answered (null: it hung until the sender gave up). */
  answered: number | null;
  /** A fault the tester asked for answered instead of the verdict's status (the request was not taken). */
  fault: 'fail' | 'hang' | null;
  /** A valid webhook whose id had been taken before, with another timestamp: a retry or a resend. */
  redelivery: boolean;
  webhookId: string | null;
  timestamp: string | null;
  signature: string | null;
  event: string | null;
  /** The body as it came (UTF-8), for tests that replay or alter it. */
  body: string;
}

export interface WebhookFault {
  mode: 'fail' | 'hang';
  /** How many of the next requests it affects. */
  remaining: number;
  /** For `fail`: the status answered. */
  status: number;
}

interface Receiver {
  name: string;
  secret: string;
  toleranceSeconds: number;
  /** Taken messages (id and timestamp), until their timestamp is out of tolerance anyway. */
  taken: Map<string, number>;
  /** Ids taken at least once. */
  takenIds: Set<string>;
  receipts: WebhookReceipt[];
  fault: WebhookFault | null;
}

const RECEIPTS_KEPT = 1000;
const SCHEME = /(?:^|[\s,])v1=([0-9a-f]{64})(?=$|[\s,])/gi;

/**
 * The sandbox's webhook receivers, in memory, each with a name, a secret and a tolerance.
 * Each checks a request as the README of libs/integrations tells a city's developer to
 * (written here from that recipe, not from the sender's code, so that a mistake on either
 * side shows):
 * 1. the signature: HMAC-SHA256 keyed with the secret over "<timestamp>.<raw body>",
 *    compared in constant time with each v1= of the signature header → else `bad-signature`;
 * 2. the timestamp within the tolerance (5 minutes) of now, either way → else `stale`;
 * 3. the message (its id and timestamp) not taken before → else `replayed`. The same id
 *    with a newer timestamp is the sender sending the webhook again (a retry, a resend): taken,
 *    noted as a redelivery (a real receiver acts on an id once).
 */
@Injectable()
export class WebhookReceivers {
  private readonly receivers = new Map<string, Receiver>();

  /** Makes (or remakes, forgetting its receipts and what it took) a receiver. */
  configure(name: string, secret: string, toleranceSeconds = 300): { name: string; toleranceSeconds: number } {
    this.receivers.set(name, {
      name,
      secret,
      toleranceSeconds,
      taken: new Map(),
      takenIds: new Set(),
      receipts: [],
      fault: null,
    });
    return { name, toleranceSeconds };
  }

  exists(name: string): boolean {
    return this.receivers.has(name);
  }

  setFault(name: string, fault: WebhookFault | null): WebhookFault | null {
    const receiver = this.get(name);
    receiver.fault = fault && fault.remaining > 0 ? fault : null;
    return receiver.fault;
  }

  /** The fault for this request, if one is set: counted down. */
  takeFault(name: string): WebhookFault | null {
    const receiver = this.get(name);
    const fault = receiver.fault;
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) receiver.fault = null;
    return { ...fault };
  }

  /** Verifies a request; `take` false (a fault answers instead) checks without taking it. */
  verify(
    name: string,
    request: { webhookId?: string; timestamp?: string; signature?: string; body: Buffer },
    take: boolean,
    now = Date.now(),
  ): { verdict: WebhookVerdict; redelivery: boolean } {
    const receiver = this.get(name);
    const timestamp = /^\d{1,12}$/.test(request.timestamp ?? '') ? request.timestamp! : null;
    if (!timestamp || !request.signature || !request.webhookId) return { verdict: 'bad-signature', redelivery: false };
    const expected = createHmac('sha256', receiver.secret).update(`${timestamp}.`).update(request.body).digest();
    const matches = [...request.signature.matchAll(SCHEME)].some(([, hex]) =>
      timingSafeEqual(Buffer.from(hex, 'hex'), expected),
    );
    if (!matches) return { verdict: 'bad-signature', redelivery: false };
    const nowSeconds = Math.floor(now / 1000);
    if (Math.abs(nowSeconds - Number(timestamp)) > receiver.toleranceSeconds)
      return { verdict: 'stale', redelivery: false };
    for (const [key, at] of receiver.taken)
      if (at < nowSeconds - 2 * receiver.toleranceSeconds) receiver.taken.delete(key);
    const key = `${request.webhookId}.${timestamp}`;
    if (receiver.taken.has(key)) return { verdict: 'replayed', redelivery: false };
    const redelivery = receiver.takenIds.has(request.webhookId);
    if (take) {
      receiver.taken.set(key, Number(timestamp));
      receiver.takenIds.add(request.webhookId);
    }
    return { verdict: 'valid', redelivery };
  }

  record(name: string, receipt: Omit<WebhookReceipt, 'id' | 'receivedAt'>): WebhookReceipt {
    const receiver = this.get(name);
    const full: WebhookReceipt = { id: randomUUID(), receivedAt: new Date().toISOString(), ...receipt };
    receiver.receipts.push(full);
    if (receiver.receipts.length > RECEIPTS_KEPT) receiver.receipts.shift();
    return full;
  }

  /** Newest first. */
  receipts(name: string): WebhookReceipt[] {
    return [...this.get(name).receipts].reverse();
  }

  private get(name: string): Receiver {
    const receiver = this.receivers.get(name);
    if (!receiver) throw new Error(`no receiver ${name}`);
    return receiver;
  }
}
