import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { projectRoot } from '@townhall/platform';
import { parse } from 'yaml';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '../domain/notification-event.js';

/** A message's wording: the e-mail's (and inbox message's) subject and body, and the SMS. */
export interface MessageWording {
  subject: string;
  body: string;
  sms: string;
}

interface LocaleTexts {
  events: Record<NotificationEvent, MessageWording>;
  words: {
    outcomes: Record<string, string>;
    delivery: Record<string, string>;
    appeal: string;
    noDueDate: string;
    /** A decision that gives the paid fee back says so ({{ amount }}: the fee). */
    refundNote: string;
    /** Why a payment's money goes back, per NotificationPayload.refundReason. */
    refundReasons: Record<string, string>;
    /** How a refund's money went back, per NotificationPayload.refundWay. */
    refundWays: Record<string, string>;
  };
}

/** What a wording may say in {{ double braces }}. Nothing else is filled in, so nothing else is allowed. */
export const PLACEHOLDERS = [
  'municipality',
  'name',
  'reference',
  'service',
  'link',
  'message',
  'submittedAt',
  'dueDate',
  'outcome',
  'appealUntil',
  'appealNote',
  'deliveryNote',
  'validFrom',
  'amount',
  'place',
  'time',
  'reason',
  'refundWay',
  'refundNote',
  'subject',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/**
 * The platform's default wordings (libs/notifications/messages/<locale>.yaml) and the filling
 * in of placeholders. Municipalities' wordings are plain text with the same placeholders: no
 * template language runs what an admin typed.
 */
@Injectable()
export class MessageTexts {
  private readonly locales = loadDefaults();

  /** The platform's wording of an event in a language (English where a language has none). */
  defaultWording(event: NotificationEvent, locale: string): MessageWording {
    return (this.locales.get(locale) ?? this.locales.get('en')!).events[event] ?? this.locales.get('en')!.events[event];
  }

  words(locale: string): LocaleTexts['words'] {
    return (this.locales.get(locale) ?? this.locales.get('en')!).words;
  }

  /** Fills the placeholders; one without a value is left out. */
  fill(text: string, values: Partial<Record<Placeholder, string>>): string {
    return text
      .replace(PLACEHOLDER, (_, name: string) => values[name as Placeholder] ?? '')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/[ \t]+\n/g, '\n')
      .trim();
  }

  /** The placeholders a wording uses that do not exist (an admin's typo), for a clear refusal. */
  unknownPlaceholders(text: string): string[] {
    return [...text.matchAll(PLACEHOLDER)]
      .map((m) => m[1])
      .filter((name) => !PLACEHOLDERS.includes(name as Placeholder));
  }
}

function loadDefaults(): Map<string, LocaleTexts> {
  const folder = path.join(projectRoot(), 'libs', 'notifications', 'messages');
  const locales = new Map<string, LocaleTexts>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml'))) {
    const locale = file.replace(/\.yaml$/, '');
    const data = parse(readFileSync(path.join(folder, file), 'utf8')) as Record<string, unknown>;
    const events = {} as Record<NotificationEvent, MessageWording>;
    for (const event of NOTIFICATION_EVENTS) {
      const wording = data[event] as MessageWording | undefined;
      if (!wording?.subject || !wording.body || !wording.sms)
        throw new Error(`${file}: ${event} lacks subject, body or sms`);
      events[event] = wording;
    }
    locales.set(locale, { events, words: data.words as LocaleTexts['words'] });
  }
  if (!locales.has('en')) throw new Error('libs/notifications/messages/en.yaml is missing');
  return locales;
}
