import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';

/** One event of a calendar: a time, and what it is. */
export interface CalendarEntry {
  /** Stable per thing (a booking): a calendar that imports the file again updates the event, never doubles it. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  /** A page about it (absolute). */
  url?: string;
  status?: 'confirmed' | 'tentative' | 'cancelled';
  /** When this version of the event was written (DTSTAMP); default now. */
  stamp?: Date;
  /** Bumped when the event changes (cancelled after confirmed): 0 first. */
  sequence?: number;
}

export interface CalendarInput {
  /** What a calendar app calls the calendar (X-WR-CALNAME). */
  name: string;
  /** The IANA zone the times are written in (the municipality's): a VTIMEZONE of it is included. */
  timeZone: string;
  entries: CalendarEntry[];
  /** How often a subscribed calendar should refresh (seconds; REFRESH-INTERVAL / X-PUBLISHED-TTL). */
  refreshSeconds?: number;
}

const STATUS = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

/**
 * An iCalendar (RFC 5545) file, written by ical-generator: each event's times as the wall clock
 * in the given time zone shows them (DTSTART;TZID=Europe/Tallinn:20261201T180000; Luxon puts
 * each instant in the zone, whatever the server's own zone is) with that zone's VTIMEZONE (its
 * daylight-saving rules, from @touch4it/ical-timezones) in the file, so that a reader puts the
 * event at the right instant on either side of a change of clocks, and shows it in the reader's
 * own zone. DTSTAMP stays in UTC (the calendar has no default zone for ical-generator, which
 * would write it as local time; X-WR-TIMEZONE names the zone for the readers that use it).
 * METHOD:PUBLISH (a feed, or an event to keep; not an invitation expecting a reply).
 */
export function renderCalendar(input: CalendarInput): string {
  const zone = input.timeZone;
  if (!DateTime.now().setZone(zone).isValid) throw new Error(`not a time zone: ${zone}`);
  const inZone = (instant: Date) => DateTime.fromJSDate(instant, { zone });
  const calendar = ical({
    name: input.name,
    prodId: { company: 'Townhall', product: 'Townhall', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: null, generator: getVtimezoneComponent },
    x: [['X-WR-TIMEZONE', zone]],
    ...(input.refreshSeconds ? { ttl: input.refreshSeconds } : {}),
  });
  for (const entry of input.entries) {
    calendar.createEvent({
      id: entry.uid,
      start: inZone(entry.start),
      end: inZone(entry.end),
      timezone: zone,
      stamp: entry.stamp ?? new Date(),
      summary: entry.summary,
      ...(entry.description ? { description: entry.description } : {}),
      ...(entry.location ? { location: entry.location } : {}),
      ...(entry.url ? { url: entry.url } : {}),
      status: STATUS[entry.status ?? 'confirmed'],
      transparency: ICalEventTransparency.OPAQUE,
      sequence: entry.sequence ?? 0,
    });
  }
  return calendar.toString();
}

/** The media type of an iCalendar file (RFC 5545 §8.1). */
export const CALENDAR_MEDIA_TYPE = 'text/calendar; charset=utf-8';
