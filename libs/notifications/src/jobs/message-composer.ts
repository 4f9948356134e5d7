import { Injectable } from '@nestjs/common';
import { renderCalendar } from '@townhall/documents';
import { StaffRepository } from '@townhall/identity';
import { PlatformConfig } from '@townhall/platform';
import type { TenantEntity } from '@townhall/tenancy';
import { formatDate, formatMoney, intlLocale, type FormatContext } from '@townhall/web';
import type { DeliveryChannel } from '../domain/delivery.entity.js';
import type { CalendarPayload, NotificationPayload } from '../domain/notification-event.js';
import { ContactPreferencesRepository } from '../persistence/contact-preferences.repository.js';
import { MessageTemplatesRepository } from '../persistence/message-templates.repository.js';
import type { OutboxEventEntity } from '../domain/outbox-event.entity.js';
import { type MessageWording, MessageTexts, type Placeholder } from '../templates/message-texts.js';

/** Whose portal inbox gets a message: a citizen's, or a person's by national identifier. */
export type InboxOwner = { citizenId: string } | { person: { country: string; code: string } };

/** A message ready to go: its words in the recipient's language, and where each channel sends it. */
export interface ComposedMessage {
  /** Set for citizens and persons: the portal inbox always gets the message. */
  inboxFor: InboxOwner | null;
  /** A page of the portal the message is about (shown as a link in the inbox). */
  linkPath: string | null;
  subject: string;
  body: string;
  sms: string;
  fromName: string;
  channels: { channel: DeliveryChannel; address: string }[];
}

/**
 * Turns an outbox event into a message: the recipient (a citizen's contact choices, an
 * official's e-mail), their language, the municipality's wording (or the platform's) with the
 * placeholders filled. Inside the delivery job's tenant transaction.
 */
@Injectable()
export class MessageComposer {
  constructor(
    private readonly contacts: ContactPreferencesRepository,
    private readonly wordings: MessageTemplatesRepository,
    private readonly texts: MessageTexts,
    private readonly staff: StaffRepository,
    private readonly config: PlatformConfig,
  ) {}

  async compose(event: OutboxEventEntity, tenant: TenantEntity): Promise<ComposedMessage | null> {
    const payload = event.payload;
    const portal = this.portalOf(tenant);
    const locale = messageLocale(payload, tenant);
    const format: FormatContext = { lang: locale as FormatContext['lang'], timeZone: tenant.timeZone, currency: 'EUR' };
    const words = this.texts.words(locale);
    const date = (iso: string | null | undefined) => (iso ? formatDate(iso, format) : words.noDueDate);

    let name: string;
    let link: string;
    const channels: ComposedMessage['channels'] = [];
    let inboxFor: InboxOwner | null = null;
    // A path of the portal, never another site's address.
    const linkPath = payload.path && /^\/[a-z0-9/-]*$/.test(payload.path) ? payload.path : null;
    if (event.recipientKind === 'person') {
      // Someone found on a register, who may never have logged in: their inbox waits for their
      // login; if they have used the portal, the channels they chose there; else a letter to
      // the address the register gave (e-mail, when chosen, replaces the letter).
      if (!event.recipientCountry || !event.recipientCode) return null;
      const national = { country: event.recipientCountry, code: event.recipientCode };
      const prefs = await this.contacts.ofPerson(national);
      name = payload.person?.name ?? '';
      link = `${portal}${linkPath ?? '/inbox'}`;
      inboxFor = { person: national };
      if (prefs?.email && prefs.channels.includes('email')) channels.push({ channel: 'email', address: prefs.email });
      if (prefs?.phone && prefs.channels.includes('sms')) channels.push({ channel: 'sms', address: prefs.phone });
      if (!channels.some((c) => c.channel === 'email')) {
        channels.push({ channel: 'post', address: payload.person?.address ?? prefs?.postalAddress ?? '' });
      }
    } else if (event.recipientKind === 'citizen') {
      const citizen = await this.contacts.citizenWithChoices(event.recipientId!);
      if (!citizen) return null;
      const prefs = citizen.choices;
      name = `${citizen.givenName} ${citizen.familyName}`;
      link = payload.applicationId
        ? `${portal}/applications/${payload.applicationId}`
        : `${portal}${linkPath ?? '/inbox'}`;
      inboxFor = { citizenId: event.recipientId! };
      const decided = event.event === 'application.decided';
      const resultBy = decided ? payload.delivery : null;
      if (prefs?.email && (prefs.channels.includes('email') || resultBy === 'email')) {
        channels.push({ channel: 'email', address: prefs.email });
      }
      if (prefs?.phone && prefs.channels.includes('sms')) channels.push({ channel: 'sms', address: prefs.phone });
      if (resultBy === 'post') channels.push({ channel: 'post', address: prefs?.postalAddress ?? '' });
    } else {
      const official = await this.staff.findById(event.recipientId!);
      if (!official || official.status === 'disabled') return null;
      name = official.name;
      // The case, else the office page the event is about (a booking request), else the office.
      link = payload.applicationId
        ? `${portal}/office/cases/${payload.applicationId}`
        : `${portal}${linkPath?.startsWith('/office/') ? linkPath : '/office'}`;
      channels.push({ channel: 'email', address: official.email });
    }

    const override = await this.wordings.kept(event.event, locale);
    const wording: MessageWording = override ?? this.texts.defaultWording(event.event, locale);
    const appealUntil = payload.decision?.appealUntil ? date(payload.decision.appealUntil) : '';
    const values: Partial<Record<Placeholder, string>> = {
      municipality: tenant.name,
      name,
      reference: payload.reference ?? '',
      service: payload.service?.[locale] ?? Object.values(payload.service ?? {})[0] ?? '',
      link,
      message: payload.text ? payload.text.body : (payload.message ?? ''),
      subject: payload.text?.subject ?? '',
      submittedAt: date(payload.submittedAt),
      dueDate: date(payload.dueAt),
      outcome: payload.decision ? (words.outcomes[payload.decision.outcome] ?? payload.decision.outcome) : '',
      appealUntil,
      appealNote: appealUntil ? this.texts.fill(words.appeal, { appealUntil }) : '',
      deliveryNote: payload.delivery ? (words.delivery[payload.delivery] ?? '') : '',
      validFrom: payload.validFrom ? date(payload.validFrom) : '',
      amount: payload.amount ? formatMoney(payload.amount.minor, { ...format, currency: payload.amount.currency }) : '',
      place: payload.calendar ? inLocale(payload.calendar.place, locale) : '',
      time: payload.calendar ? timeRange(payload.calendar, locale, tenant.timeZone) : '',
      reason: payload.refundReason ? (words.refundReasons?.[payload.refundReason] ?? '') : '',
      // A refund made before refunds said how was one through the gateway.
      refundWay: words.refundWays?.[payload.refundWay ?? 'gateway'] ?? '',
      refundNote: payload.refund
        ? this.texts.fill(words.refundNote, {
            amount: formatMoney(payload.refund.minor, { ...format, currency: payload.refund.currency }),
          })
        : '',
    };
    return {
      inboxFor,
      linkPath,
      subject: this.texts.fill(wording.subject, values),
      body: this.texts.fill(wording.body, values),
      // Only what a channel sends is filled in: most messages go to the inbox alone.
      sms: channels.some((c) => c.channel === 'sms') ? this.texts.fill(wording.sms, values) : '',
      fromName: tenant.name,
      channels,
    };
  }

  /**
   * The e-mail's iCalendar attachment of an event that is about a time at a place (a booking's
   * confirmation), made from the payload when the message is sent: in the recipient's language,
   * the municipality's time zone (with its VTIMEZONE), the same UID every time.
   */
  calendarFile(payload: NotificationPayload, tenant: TenantEntity): MailAttachment | null {
    const calendar = payload.calendar;
    if (!calendar || calendar.attach === false) return null;
    const locale = messageLocale(payload, tenant);
    const title = inLocale(calendar.title, locale);
    const place = inLocale(calendar.place, locale);
    const linkPath = payload.path && /^\/[a-z0-9/-]*$/.test(payload.path) ? payload.path : null;
    const ics = renderCalendar({
      name: `${tenant.name}: ${title}`,
      timeZone: calendar.timeZone || tenant.timeZone,
      entries: [
        {
          uid: calendar.uid,
          start: new Date(calendar.start),
          end: new Date(calendar.end),
          summary: `${title}, ${place}`,
          description: payload.reference ? `${payload.reference} · ${tenant.name}` : tenant.name,
          location: [place, calendar.address].filter(Boolean).join(', '),
          ...(linkPath ? { url: `${this.portalOf(tenant)}${linkPath}` } : {}),
        },
      ],
    });
    const fileName = /^[A-Za-z0-9._-]{1,80}\.ics$/.test(calendar.fileName) ? calendar.fileName : 'event.ics';
    return {
      filename: fileName,
      content: Buffer.from(ics, 'utf8'),
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    };
  }

  private portalOf(tenant: TenantEntity): string {
    return this.config.PORTAL_URL.replace('{slug}', tenant.slug).replace(/\/$/, '');
  }
}

/** An attachment of an e-mail. */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** The language a message is written in: the payload's (the applicant's), if the municipality offers it. */
function messageLocale(payload: NotificationPayload, tenant: TenantEntity): string {
  const asked = payload.locale ?? tenant.defaultLocale;
  return tenant.locales.includes(asked as never) ? asked : tenant.defaultLocale;
}

function inLocale(texts: Record<string, string>, locale: string): string {
  return texts[locale] ?? texts.en ?? Object.values(texts)[0] ?? '';
}

/** "Tuesday 1 December 2026 at 18:00–20:00" in the language and the municipality's time zone. */
function timeRange(calendar: CalendarPayload, locale: string, timeZone: string): string {
  const zone = calendar.timeZone || timeZone;
  const start = new Date(calendar.start);
  const end = new Date(calendar.end);
  // The language's regional style (en → en-GB: 24-hour clock); a bare "en" would be American.
  const regional = intlLocale(locale);
  const day = new Intl.DateTimeFormat(regional, { dateStyle: 'full', timeStyle: 'short', timeZone: zone });
  const sameDay =
    new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', timeZone: zone }).format(start) ===
    new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', timeZone: zone }).format(end);
  const until = sameDay ? new Intl.DateTimeFormat(regional, { timeStyle: 'short', timeZone: zone }) : day;
  return `${day.format(start)}–${until.format(end)}`;
}
