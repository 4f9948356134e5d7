/**
 * What Townhall tells people about. Each is written to the outbox in the transaction of the
 * change that causes it; the worker turns it into messages (inbox, e-mail, SMS, a letter).
 */
export const NOTIFICATION_EVENTS = [
  'application.submitted',
  'application.information-requested',
  'application.decided',
  'application.reminder',
  'application.withdrawn',
  'application.step',
  'case.deadline-near',
  'case.escalated',
  'entitlement.granted',
  'payment.received',
  'payment.refund-due',
  'payment.refunded',
  'booking.confirmed',
  'booking.approved',
  'booking.rejected',
  'booking.requested',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * Who a notification is for: a citizen (inbox and their channels), an official (e-mail), or a
 * person known by their national identifier who may never have logged in (a proactive
 * service's grant): their inbox shows it once they log in with that identifier, they get a
 * letter at the address the payload gives, or e-mail/SMS if they chose those in the portal.
 */
export type Recipient =
  | { kind: 'citizen'; id: string }
  | { kind: 'staff'; id: string }
  | { kind: 'person'; country: string; personalCode: string };

export type RecipientKind = Recipient['kind'];

/** How the citizen asked to get the result of an application (the service's delivery options). */
export type ResultDelivery = 'portal' | 'email' | 'post' | 'pick-up';

/**
 * What the message needs to know, copied at the time of the change: the message says what
 * was true then, and the worker needs no other library's tables to write it.
 */
export interface NotificationPayload {
  applicationId?: string;
  reference?: string | null;
  /** The service's title in each language the municipality offers. */
  service?: Record<string, string>;
  /** The text an official wrote: what information is needed, the reasons of a decision. */
  message?: string | null;
  /** A deadline (answer by, decide by), ISO 8601. */
  dueAt?: string | null;
  decision?: { outcome: string; appealUntil: string | null };
  /** A document that goes with the message when it is sent by e-mail or post (the decision). */
  document?: { storageKey: string; fileName: string; mediaType: string } | null;
  submittedAt?: string | null;
  delivery?: ResultDelivery | string | null;
  /** The applicant's language for this application; else the municipality's default. */
  locale?: string | null;
  /**
   * A page of the portal the message is about (/me/entitlements), when not an application; for
   * an official, a page of the office (/office/bookings/<id>: a booking request to decide).
   */
  path?: string | null;
  /** A person recipient's name and postal address (lines), from the register at the time. */
  person?: { name: string; address: string | null } | null;
  /** The day a granted benefit holds from, YYYY-MM-DD. */
  validFrom?: string | null;
  /** An amount paid, in minor units of its currency (a payment's receipt). */
  amount?: { minor: number; currency: string } | null;
  /**
   * Why a payment's money goes (or went) back, as a key of the wording's `refundReasons`
   * (`booking-cancelled`, `application-withdrawn`, `application-rejected`, `booking-gone`,
   * `application-fee-gone`, `office`): the `reason` placeholder.
   */
  refundReason?: string | null;
  /**
   * How a refund's money went back (the `refundWay` placeholder): `gateway`, to the card or account
   * paid with (the default); `office`, given back by the finance department outside the gateway.
   */
  refundWay?: 'gateway' | 'office';
  /** A decision's: the fee paid that it gives back, in minor units (the `refundNote` placeholder). */
  refund?: { minor: number; currency: string } | null;
  /**
   * The service template's own message for a step of the application (its `messages`), in the
   * recipient's language with its placeholders filled when the step was taken: the `subject`
   * and `message` placeholders of the `application.step` wording, which frames it.
   */
  text?: { subject: string; body: string } | null;
  /** A time at a place the message is about (a booking): the wording's `time` and `place`; e-mail attaches it as an .ics. */
  calendar?: CalendarPayload | null;
}

/**
 * An event in someone's calendar, as the message tells it: the times in the municipality's
 * time zone (ISO 8601 with that zone's offset at the time, e.g. 2026-12-01T18:00:00+02:00),
 * what (`title`, per language) and where (`place` per language, `address`). E-mail carries it
 * as an iCalendar file (METHOD:PUBLISH, the zone's VTIMEZONE, the same UID every time).
 */
export interface CalendarPayload {
  /** Stable per thing (booking-<id>@<municipality>): a calendar updates the event rather than doubling it. */
  uid: string;
  start: string;
  end: string;
  timeZone: string;
  title: Record<string, string>;
  place: Record<string, string>;
  address?: string | null;
  /** The attachment's file name (booking-B-7KQ3ZD.ics). */
  fileName: string;
  /**
   * false: the message tells the time and place but attaches no .ics (a request rejected, or
   * approved but still to be paid: not yet in anyone's calendar). Default true.
   */
  attach?: boolean;
}

export interface NewNotification {
  event: NotificationEvent;
  recipient: Recipient;
  payload: NotificationPayload;
}
