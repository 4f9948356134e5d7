import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** A text message the SMS provider stand-in accepted. */
export interface SmsMessage {
  id: string;
  /** When the sandbox accepted it (ISO 8601). */
  receivedAt: string;
  /** The recipient, E.164 (+3725xxxxxxx). */
  to: string;
  text: string;
  /** The sender name or number shown on the phone, when the client gave one. */
  sender: string | null;
  /** The client's idempotency reference, when it gave one. */
  reference: string | null;
}

export type SmsInput = Pick<SmsMessage, 'to' | 'text'> & { sender?: string; reference?: string };

/**
 * What the SMS provider stand-in accepted, in memory, the oldest dropped beyond
 * SmsOutbox.CAPACITY. A reference seen before returns the message it first came with, as a
 * provider's idempotency key does. And whether the provider is failing on purpose.
 */
@Injectable()
export class SmsOutbox {
  static readonly CAPACITY = 20_000;

  /** Oldest first. */
  private readonly messages: SmsMessage[] = [];
  private readonly byReference = new Map<string, SmsMessage>();

  /** While set, the provider answers every send with this status: an outage, for fault tests. */
  outageStatus: number | null = null;

  /** Stores a message, unless its reference was seen: then the first message, and `duplicate`. */
  accept(input: SmsInput): { message: SmsMessage; duplicate: boolean } {
    const earlier = input.reference === undefined ? undefined : this.byReference.get(input.reference);
    if (earlier) return { message: earlier, duplicate: true };
    const message: SmsMessage = {
      id: randomUUID(),
      receivedAt: new Date().toISOString(),
      to: input.to,
      text: input.text,
      sender: input.sender ?? null,
      reference: input.reference ?? null,
    };
    this.messages.push(message);
    if (message.reference !== null) this.byReference.set(message.reference, message);
    while (this.messages.length > SmsOutbox.CAPACITY) {
      const dropped = this.messages.shift()!;
      if (dropped.reference !== null) this.byReference.delete(dropped.reference);
    }
    return { message, duplicate: false };
  }

  /** Messages to a number (or all), newest first, at most `limit`; `total` counts every match. */
  find(query: { to?: string; limit: number }): { total: number; messages: SmsMessage[] } {
    const messages: SmsMessage[] = [];
    let total = 0;
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const message = this.messages[i];
      if (query.to !== undefined && message.to !== query.to) continue;
      total++;
      if (messages.length < query.limit) messages.push(message);
    }
    return { total, messages };
  }

  clear(): void {
    this.messages.length = 0;
    this.byReference.clear();
  }
}
