import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** An attachment as the mailbox API describes it; its bytes are downloaded on their own. */
export interface MailAttachmentSummary {
  /** Its position in the message, as the download address names it. */
  index: number;
  filename: string | null;
  contentType: string;
  size: number;
}

/** A received message without its bodies, as lists show it. */
export interface MailSummary {
  id: string;
  /** When the sandbox received it (ISO 8601). */
  receivedAt: string;
  /** What the SMTP client said in MAIL FROM and RCPT TO. */
  envelope: { from: string | null; to: string[] };
  /** The Message-ID header, angle brackets included. */
  messageId: string | null;
  subject: string;
  /** The From header as written ("Name <address>"). */
  from: string;
  /** The addresses of the To header. */
  to: string[];
  /** The X-Townhall-Delivery header: the product's unique key of one delivery. */
  deliveryKey: string | null;
  attachments: MailAttachmentSummary[];
  /**
   * When the same message (its Message-ID, to the same recipients) was handed over again
   * after this copy was kept (ISO 8601): a sender that could not tell whether its first try
   * got through sent it again. A mail store keeps one copy; so does the sandbox.
   */
  receivedAgain: string[];
}

/** A whole received message. */
export interface MailMessage extends MailSummary {
  text: string;
  html: string | null;
}

/** What the SMTP server hands the mailbox: a parsed message, attachments with their bytes. */
export interface IncomingMail extends Omit<MailMessage, 'id' | 'receivedAt' | 'attachments' | 'receivedAgain'> {
  attachments: (Omit<MailAttachmentSummary, 'index'> & { content: Buffer })[];
}

interface StoredMail {
  message: MailMessage;
  contents: Buffer[];
}

export interface MailQuery {
  /** An address among the envelope's recipients or the To header (case-insensitive). */
  to?: string;
  /** A part of the subject (case-insensitive). */
  subject?: string;
  deliveryKey?: string;
  limit: number;
}

export interface MailStats {
  /** Messages kept: one per Message-ID and recipients. */
  total: number;
  /** Messages handed over again with a Message-ID already kept (kept once, counted here). */
  receivedAgain: number;
  withDeliveryKey: number;
  distinctDeliveryKeys: number;
  /**
   * The first 50 delivery keys carried by more than one kept message, that is by messages of
   * different Message-IDs: the same delivery sent as two messages, mail delivered twice.
   */
  duplicateDeliveryKeys: string[];
  /** The first 50 delivery keys whose message was handed over again (same Message-ID). */
  receivedAgainDeliveryKeys: string[];
}

/**
 * The mail the sandbox's SMTP server received, in memory, the oldest dropped beyond
 * Mailbox.CAPACITY. Like a mail store, it keeps one copy of a message handed over twice
 * (the same Message-ID to the same recipients, RFC 5322 3.6.4), noting when it came again:
 * SMTP cannot tell a sender whether a message whose reply it never read got through, so a
 * careful sender sends it again under the same Message-ID. Counts of delivery keys are kept as
 * mail arrives, so that a test that sent thousands of messages learns at once whether any
 * arrived twice.
 */
@Injectable()
export class Mailbox {
  static readonly CAPACITY = 20_000;

  /** Oldest first. */
  private readonly received: StoredMail[] = [];
  private readonly byId = new Map<string, StoredMail>();
  /** Message-ID and recipients → the copy kept. */
  private readonly byMessageId = new Map<string, StoredMail>();
  private receivedAgain = 0;
  /** Delivery key → messages carrying it; in the order keys were first seen. */
  private readonly deliveryKeys = new Map<string, number>();
  private withDeliveryKey = 0;

  add(mail: IncomingMail): MailMessage {
    const identity = identityOf(mail);
    const kept = identity === null ? undefined : this.byMessageId.get(identity);
    if (kept) {
      kept.message.receivedAgain.push(new Date().toISOString());
      this.receivedAgain++;
      return kept.message;
    }
    const { attachments, ...rest } = mail;
    const message: MailMessage = {
      ...rest,
      id: randomUUID(),
      receivedAt: new Date().toISOString(),
      attachments: attachments.map(({ content: _content, ...a }, index) => ({ index, ...a })),
      receivedAgain: [],
    };
    const stored = { message, contents: attachments.map((a) => a.content) };
    this.received.push(stored);
    this.byId.set(message.id, stored);
    if (identity !== null) this.byMessageId.set(identity, stored);
    if (message.deliveryKey !== null) {
      this.deliveryKeys.set(message.deliveryKey, (this.deliveryKeys.get(message.deliveryKey) ?? 0) + 1);
      this.withDeliveryKey++;
    }
    while (this.received.length > Mailbox.CAPACITY) this.drop(this.received.shift()!);
    return message;
  }

  /** Matching messages, newest first, at most `limit`; `total` counts every match. */
  find(query: MailQuery): { total: number; messages: MailMessage[] } {
    const to = query.to?.toLowerCase();
    const subject = query.subject?.toLowerCase();
    const messages: MailMessage[] = [];
    let total = 0;
    for (let i = this.received.length - 1; i >= 0; i--) {
      const { message } = this.received[i];
      if (query.deliveryKey !== undefined && message.deliveryKey !== query.deliveryKey) continue;
      if (subject !== undefined && !message.subject.toLowerCase().includes(subject)) continue;
      if (to !== undefined && ![...message.envelope.to, ...message.to].some((a) => a.toLowerCase() === to)) continue;
      total++;
      if (messages.length < query.limit) messages.push(message);
    }
    return { total, messages };
  }

  get(id: string): MailMessage | undefined {
    return this.byId.get(id)?.message;
  }

  attachment(id: string, index: number): { summary: MailAttachmentSummary; content: Buffer } | undefined {
    const stored = this.byId.get(id);
    const summary = stored?.message.attachments[index];
    return stored && summary ? { summary, content: stored.contents[index] } : undefined;
  }

  clear(): number {
    const count = this.received.length;
    this.received.length = 0;
    this.byId.clear();
    this.byMessageId.clear();
    this.receivedAgain = 0;
    this.deliveryKeys.clear();
    this.withDeliveryKey = 0;
    return count;
  }

  stats(): MailStats {
    const duplicateDeliveryKeys: string[] = [];
    for (const [key, count] of this.deliveryKeys) {
      if (duplicateDeliveryKeys.length === 50) break;
      if (count > 1) duplicateDeliveryKeys.push(key);
    }
    const receivedAgainDeliveryKeys: string[] = [];
    for (const { message } of this.received) {
      if (receivedAgainDeliveryKeys.length === 50) break;
      if (message.receivedAgain.length > 0 && message.deliveryKey !== null) {
        receivedAgainDeliveryKeys.push(message.deliveryKey);
      }
    }
    return {
      total: this.received.length,
      receivedAgain: this.receivedAgain,
      withDeliveryKey: this.withDeliveryKey,
      distinctDeliveryKeys: this.deliveryKeys.size,
      duplicateDeliveryKeys,
      receivedAgainDeliveryKeys,
    };
  }

  private drop(stored: StoredMail): void {
    const { id, deliveryKey } = stored.message;
    this.byId.delete(id);
    const identity = identityOf(stored.message);
    if (identity !== null && this.byMessageId.get(identity) === stored) this.byMessageId.delete(identity);
    this.receivedAgain -= stored.message.receivedAgain.length;
    if (deliveryKey === null) return;
    this.withDeliveryKey--;
    const count = this.deliveryKeys.get(deliveryKey)! - 1;
    if (count === 0) this.deliveryKeys.delete(deliveryKey);
    else this.deliveryKeys.set(deliveryKey, count);
  }
}

/** A message as lists show it: without its bodies. */
/** What makes two handed-over messages one: the Message-ID and the envelope's recipients. */
function identityOf(mail: Pick<MailMessage, 'messageId' | 'envelope'>): string | null {
  if (mail.messageId === null) return null;
  return `${mail.messageId}\n${[...mail.envelope.to]
    .map((a) => a.toLowerCase())
    .sort()
    .join('\n')}`;
}

export function summaryOf(message: MailMessage): MailSummary {
  const { text: _text, html: _html, ...summary } = message;
  return summary;
}
