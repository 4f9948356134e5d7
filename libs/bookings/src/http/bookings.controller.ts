import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CALENDAR_MEDIA_TYPE, renderCalendar } from '@townhall/documents';
import { PaymentsRepository, type PaymentEntity } from '@townhall/payments';
import { Access, DomainException, Public } from '@townhall/platform';
import { currentTenant, currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import {
  formatCalendarDay,
  PageChrome,
  pageLocale,
  PageQueryDto,
  Pages,
  Translations,
  type PageLocale,
} from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { availability, mondayOf, parseDate, todayIn, type DayAvailability } from '../domain/availability.js';
import { describeHours, WEEKDAYS } from '../domain/bookable-hours.js';
import type { BookingEntity } from '../domain/booking.entity.js';
import { timesOf } from '../domain/booking-time.js';
import { BookingsException, BookingsExceptionCode } from '../domain/bookings.exception.js';
import { addDays, instantOf, isoDate } from '../domain/zoned-time.js';
import { BookingsRepository } from '../persistence/bookings.repository.js';
import type { ResourcePhotoEntity } from '../domain/resource-photo.entity.js';
import { InstitutionsRepository } from '../persistence/institutions.repository.js';
import { resourcePhotosOf } from '../persistence/office-resources.repository.js';
import { ResourcesRepository } from '../persistence/resources.repository.js';
import { BookResourceUseCase } from '../use-cases/book-resource.use-case.js';
import { bookingUid, slotUid } from '../use-cases/booking-notices.js';
import { CancelBookingUseCase } from '../use-cases/cancel-booking.use-case.js';
import {
  AvailabilityQueryDto,
  BookingFormDto,
  BookingRequestDto,
  ResourcePageQueryDto,
} from './dto/booking.request.dto.js';
import { textIn, whenText } from './booking-text.js';
import { resourceJson } from './resource-json.js';

const LIVE: string[] = ['held', 'requested', 'confirmed'];
const notFound = () => new BookingsException('No such resource.', BookingsExceptionCode.ResourceNotFound);
const noInstitution = () => new BookingsException('No such institution.', BookingsExceptionCode.InstitutionNotFound);
const uuid = (what: 'resource' | 'booking' | 'institution') =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      what === 'resource'
        ? notFound()
        : what === 'institution'
          ? noInstitution()
          : new BookingsException('No such booking.', BookingsExceptionCode.BookingNotFound),
  });

/**
 * A week of a resource as the availability table shows it: the days headed as the page's
 * language writes them in its region ("Monday 23 November"), a row per time of day any day has
 * a slot at, each cell free, taken, past or not bookable.
 */
function weekView(days: DayAvailability[], locale: PageLocale) {
  const times = [...new Set(days.flatMap((d) => d.slots.map((s) => s.time)))].sort();
  return {
    days: days.map((d) => ({ date: d.date, label: formatCalendarDay(d.date, locale) })),
    rows: times.map((time) => ({
      time,
      cells: days.map((d) => d.slots.find((s) => s.time === time)?.state ?? 'closed'),
    })),
  };
}

/** A photo as a public page shows it: its text alternative in the page's language. */
function photoView(p: ResourcePhotoEntity, locale: string) {
  return { id: p.id, resourceId: p.resourceId, alt: textIn(p.alt, locale) };
}

/** Where the booker pays a held booking (the payment page, which sends them on to the gateway). */
function paymentJson(p: PaymentEntity | null | undefined) {
  return p
    ? {
        id: p.id,
        status: p.status,
        amount: p.amount,
        currency: p.currency,
        url: `/payments/${p.id}`,
        expiresAt: p.expiresAt.toISOString(),
      }
    : null;
}

/** A paid booking's payment in "My bookings": paid, refunded, or owed back and on its way. */
function paidView(p: PaymentEntity) {
  return { ...paymentJson(p)!, status: p.status === 'paid' && p.refundDueAt ? 'refundDue' : p.status };
}

/** What "My bookings" says after a cancellation: the booking, and its refund (made, or on its way). */
function cancelledView(reference: string, list: BookingEntity[], payments: Map<string, PaymentEntity>) {
  const booking = list.find((b) => b.reference === reference && b.status === 'cancelled');
  if (!booking) return undefined;
  const payment = payments.get(booking.id);
  const refund =
    payment?.status === 'refunded' ? 'made' : payment?.status === 'paid' && payment.refundDueAt ? 'due' : null;
  return { reference, refund, amount: payment?.amount ?? 0 };
}

/** How far a public feed (a resource's, an institution's) reaches: a month back, a year ahead. */
const FEED_PAST_DAYS = 31;
const FEED_FUTURE_DAYS = 366;

/** The period a public feed covers, from `now`. */
function feedPeriod(now: number): [from: Date, to: Date] {
  return [new Date(now - FEED_PAST_DAYS * 86_400_000), new Date(now + FEED_FUTURE_DAYS * 86_400_000)];
}

/** A public feed of taken slots (a resource's, an institution's), refreshed hourly by subscribers. */
function sendTakenSlots(
  reply: FastifyReply,
  feed: { fileName: string; name: string; timeZone: string; now: number },
  slots: { uid: string; start: Date; end: Date; summary: string; location: string }[],
): FastifyReply {
  const stamp = new Date(feed.now);
  const ics = renderCalendar({
    name: feed.name,
    timeZone: feed.timeZone,
    refreshSeconds: 3600,
    entries: slots.map((slot) => ({ ...slot, stamp })),
  });
  return sendCalendar(reply, feed.fileName, ics, false);
}

function sendCalendar(reply: FastifyReply, fileName: string, ics: string, personal: boolean): FastifyReply {
  return reply
    .header('Content-Type', CALENDAR_MEDIA_TYPE)
    .header('Content-Disposition', `${personal ? 'attachment' : 'inline'}; filename="${fileName}"`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', personal ? 'private, no-store' : 'public, max-age=300')
    .send(ics);
}

function bookingJson(b: BookingEntity) {
  const { start, end } = timesOf(b);
  return {
    id: b.id,
    reference: b.reference,
    resourceId: b.resourceId,
    start: start.toISOString(),
    end: end.toISOString(),
    status: b.status,
    heldUntil: b.heldUntil?.toISOString() ?? null,
    price: b.price,
    currency: b.currency,
  };
}

/**
 * Institutions and their bookable resources: public pages with a week's availability in the
 * municipality's time zone, the citizen's booking form and "My bookings"; the same as JSON.
 */
@ApiTags('bookings')
@Controller()
export class BookingsController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly institutions: InstitutionsRepository,
    private readonly resources: ResourcesRepository,
    private readonly bookings: BookingsRepository,
    private readonly book: BookResourceUseCase,
    private readonly cancelBooking: CancelBookingUseCase,
    private readonly payments: PaymentsRepository,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
    private readonly translations: Translations,
  ) {
    chrome.addLink('portal', { href: '/me/bookings', text: 'bookings.nav.myBookings' });
  }

  @Get('institutions')
  @Public()
  @ApiExcludeEndpoint()
  async institutionsPage(
    @Query() _query: ResourcePageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = pageLocale(request, reply);
    const [institutions, resources] = await this.tenantDb.read(() =>
      Promise.all([this.institutions.list(), this.resources.list()]),
    );
    return this.page(request, reply, 'institutions.njk', 'bookings.institutions.title', {
      institutions: institutions.map((i) => ({
        id: i.id,
        name: textIn(i.name, locale),
        address: i.address,
        contacts: i.contacts,
        resources: resources
          .filter((r) => r.institutionId === i.id)
          .map((r) => ({ ...r, displayName: textIn(r.name, locale), hours: describeHours(r.bookableHours, locale) })),
      })),
    });
  }

  @Get('institutions/:id')
  @Public()
  @ApiExcludeEndpoint()
  async institutionPage(
    @Param('id', uuid('institution')) id: string,
    @Query() query: ResourcePageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = pageLocale(request, reply);
    const { timeZone } = currentTenantSettings();
    const monday = mondayOf(query.week ? parseDate(query.week) : todayIn(timeZone));
    const { institution, resources, taken } = await this.tenantDb.read(async () => {
      const institution = await this.institutions.findById(id);
      if (!institution) throw noInstitution();
      const resources = (await this.resources.list()).filter((r) => r.institutionId === id);
      const taken = await this.bookings.takenOf(
        resources.map((r) => r.id),
        instantOf({ ...monday, hour: 0, minute: 0 }, timeZone),
        instantOf({ ...addDays(monday, 7), hour: 0, minute: 0 }, timeZone),
      );
      return { institution, resources, taken };
    });
    return this.page(request, reply, 'institution.njk', 'bookings.institution.title', {
      institution: { ...institution, displayName: textIn(institution.name, locale) },
      timeZone,
      week: {
        days: [0, 1, 2, 3, 4, 5, 6].map((offset) => {
          const date = isoDate(addDays(monday, offset));
          return { date, label: formatCalendarDay(date, locale) };
        }),
        previous: isoDate(addDays(monday, -7)),
        next: isoDate(addDays(monday, 7)),
      },
      resources: resources.map((r) => ({
        id: r.id,
        kind: r.kind,
        pricePerHour: r.pricePerHour,
        needsApproval: r.needsApproval,
        displayName: textIn(r.name, locale),
        hours: describeHours(r.bookableHours, locale),
        week: weekView(
          availability(
            monday,
            7,
            r,
            taken.filter((t) => t.resourceId === r.id),
            timeZone,
          ),
          locale,
        ),
      })),
    });
  }

  @Get('institutions/:id/calendar.ics')
  @Public()
  @ApiExcludeEndpoint()
  async institutionCalendar(
    @Param('id', uuid('institution')) id: string,
    @Query() _query: PageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = pageLocale(request, reply);
    const { timeZone, name: municipality } = currentTenantSettings();
    const now = Date.now();
    const { institution, resources, taken } = await this.tenantDb.read(async () => {
      const institution = await this.institutions.findById(id);
      if (!institution) throw noInstitution();
      const resources = (await this.resources.list()).filter((r) => r.institutionId === id);
      const taken = await this.bookings.takenOf(
        resources.map((r) => r.id),
        ...feedPeriod(now),
      );
      return { institution, resources, taken };
    });
    const place = textIn(institution.name, locale);
    const t = this.translations.t(locale);
    const names = new Map(resources.map((r) => [r.id, textIn(r.name, locale)]));
    const slug = currentTenant().slug;
    // As the resource's feed: what is taken, never by whom; each slot names its resource.
    return sendTakenSlots(
      reply,
      { fileName: `${institution.code}.ics`, name: `${place} (${municipality})`, timeZone, now },
      taken.map((slot) => ({
        uid: slotUid(slot.id, slug, 'institution'),
        start: slot.start,
        end: slot.end,
        summary: t('bookings.feed.bookedResource', { resource: names.get(slot.resourceId) ?? '' }),
        location: [names.get(slot.resourceId), place].filter(Boolean).join(', '),
      })),
    );
  }

  @Get('resources/:id')
  @Public()
  @ApiExcludeEndpoint()
  async resourcePage(
    @Param('id', uuid('resource')) id: string,
    @Query() query: ResourcePageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.renderResource(request, reply, id, query.week, { booked: query.booked });
  }

  @Post('resources/:id/book')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async bookFromPage(
    @Param('id', uuid('resource')) id: string,
    @Body() body: BookingFormDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { timeZone } = currentTenantSettings();
    const date = parseDate(body.date);
    const at = (time: string) => {
      const [hour, minute] = time.split(':').map(Number);
      return hour === 24
        ? instantOf({ ...addDays(date, 1), hour: 0, minute: 0 }, timeZone)
        : instantOf({ ...date, hour, minute }, timeZone);
    };
    try {
      const { booking, payment } = await this.book.execute({
        resourceId: id,
        bookerId: request.principal!.id,
        start: at(body.from),
        end: at(body.to),
      });
      // A priced booking is held: on to its payment (what it costs, how to pay, the gateway).
      if (payment) return reply.redirect(`/payments/${payment.id}`, 303);
      return reply.redirect(`/me/bookings?booked=${booking.reference}`, 303);
    } catch (error) {
      if (!(error instanceof DomainException) || error.status === 404) throw error;
      // The form again, with what was wrong and what was entered.
      reply.status(error.status);
      return this.renderResource(request, reply, id, isoDate(mondayOf(date)), { error: error.message, form: body });
    }
  }

  @Get('me/bookings')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async myBookingsPage(
    @Query() query: ResourcePageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = pageLocale(request, reply);
    const { timeZone } = currentTenantSettings();
    const { list, payments } = await this.tenantDb.read(async () => {
      const list = await this.bookings.ofBooker(request.principal!.id);
      const payments = await this.payments.latestFor(
        'booking',
        list.filter((b) => b.price > 0).map((b) => b.id),
      );
      return { list, payments };
    });
    return this.page(request, reply, 'my-bookings.njk', 'bookings.mine.title', {
      booked: query.booked,
      cancelled: query.cancelled ? cancelledView(query.cancelled, list, payments) : undefined,
      bookings: list.map((b) => {
        const { start, end } = timesOf(b);
        const payment = payments.get(b.id);
        const payable = b.status === 'held' && payment && ['created', 'pending'].includes(payment.status);
        return {
          ...bookingJson(b),
          resourceName: b.resource ? textIn(b.resource.name, locale) : '',
          when: whenText(start, end, locale, timeZone),
          live: ['held', 'requested', 'confirmed'].includes(b.status),
          reason: b.status === 'rejected' ? b.decisionReason : null,
          payUrl: payable ? `/payments/${payment.id}` : null,
          payment: payment && ['paid', 'refunded'].includes(payment.status) ? paidView(payment) : null,
        };
      }),
    });
  }

  @Post('me/bookings/:id/cancel')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async cancelFromPage(
    @Param('id', uuid('booking')) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.cancelBooking.execute(id, request.principal!.id);
    const booking = await this.tenantDb.read(() => this.bookings.findById(id));
    return reply.redirect(`/me/bookings?cancelled=${encodeURIComponent(booking!.reference)}`, 303);
  }

  @Get('me/bookings/:id/booking.ics')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async bookingCalendar(
    @Param('id', uuid('booking')) id: string,
    @Query() _query: PageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = pageLocale(request, reply);
    const { timeZone, name: municipality } = currentTenantSettings();
    const found = await this.tenantDb.read(async () => {
      const booking = await this.bookings.findById(id);
      if (!booking || booking.bookerId !== request.principal!.id) return null;
      const resource = await this.resources.findAnyById(booking.resourceId);
      const institution = resource && (await this.institutions.findById(resource.institutionId));
      return { booking, resource, institution };
    });
    // Another's booking and a missing one answer alike.
    if (!found) throw new BookingsException('No such booking.', BookingsExceptionCode.BookingNotFound);
    const { booking, resource, institution } = found;
    const { start, end } = timesOf(booking);
    const title = resource ? textIn(resource.name, locale) : booking.reference;
    const place = institution ? textIn(institution.name, locale) : '';
    const t = this.translations.t(locale);
    const ics = renderCalendar({
      name: `${municipality}: ${title}`,
      timeZone,
      entries: [
        {
          uid: bookingUid(booking.id, currentTenant().slug),
          start,
          end,
          summary: place ? `${title}, ${place}` : title,
          description: `${booking.reference} · ${t(`bookings.status.${booking.status}`)} · ${municipality}`,
          location: [place, institution?.address].filter(Boolean).join(', '),
          url: `${request.protocol}://${request.headers.host}/me/bookings`,
          status:
            booking.status === 'confirmed' ? 'confirmed' : LIVE.includes(booking.status) ? 'tentative' : 'cancelled',
          sequence: LIVE.includes(booking.status) ? (booking.status === 'confirmed' ? 1 : 0) : 2,
        },
      ],
    });
    return sendCalendar(reply, `booking-${booking.reference}.ics`, ics, true);
  }

  @Get('resources/:id/calendar.ics')
  @Public()
  @ApiExcludeEndpoint()
  async resourceCalendar(
    @Param('id', uuid('resource')) id: string,
    @Query() _query: PageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = pageLocale(request, reply);
    const { timeZone, name: municipality } = currentTenantSettings();
    const now = Date.now();
    const { resource, institution, taken } = await this.tenantDb.read(async () => {
      const resource = await this.resources.findById(id);
      if (!resource) throw notFound();
      const institution = await this.institutions.findById(resource.institutionId);
      const taken = await this.bookings.takenWithIds(id, ...feedPeriod(now));
      return { resource, institution, taken };
    });
    const title = textIn(resource.name, locale);
    const place = institution ? textIn(institution.name, locale) : '';
    const booked = this.translations.t(locale)('bookings.feed.booked');
    const slug = currentTenant().slug;
    // Who booked, and why, is nobody's business: a taken slot says "Booked", nothing more.
    return sendTakenSlots(
      reply,
      {
        fileName: `${resource.code}.ics`,
        name: `${title}${place ? `, ${place}` : ''} (${municipality})`,
        timeZone,
        now,
      },
      taken.map((slot) => ({
        uid: slotUid(slot.id, slug),
        start: slot.start,
        end: slot.end,
        summary: booked,
        location: [title, place].filter(Boolean).join(', '),
      })),
    );
  }

  @Get('api/v1/resources')
  @Public()
  @ApiOperation({ summary: "The municipality's bookable resources with their institutions and rules" })
  async listJson() {
    const [institutions, resources] = await this.tenantDb.read(() =>
      Promise.all([this.institutions.list(), this.resources.list()]),
    );
    return {
      timeZone: currentTenantSettings().timeZone,
      institutions: institutions.map((i) => ({ id: i.id, name: i.name, address: i.address, contacts: i.contacts })),
      resources: resources.map(resourceJson),
    };
  }

  @Get('api/v1/resources/:id/availability')
  @Public()
  @ApiOperation({ summary: "A resource's slots between two local days: free, taken or past (UTC instants)" })
  async availabilityJson(@Param('id', uuid('resource')) id: string, @Query() query: AvailabilityQueryDto) {
    const { timeZone } = currentTenantSettings();
    const from = query.from ? parseDate(query.from) : todayIn(timeZone);
    const to = query.to ? parseDate(query.to) : addDays(from, 7);
    const days = Math.round(
      (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000,
    );
    if (days < 1 || days > 62)
      throw new BookingsException('to must be 1 to 62 days after from.', BookingsExceptionCode.NotBookable, [
        { field: 'to', message: 'to must be 1 to 62 days after from' },
      ]);
    const { resource, days: list } = await this.availabilityOf(id, from, days);
    return {
      resourceId: resource.id,
      timeZone,
      bookableHours: describeHours(resource.bookableHours),
      days: list.map((d) => ({
        date: d.date,
        slots: d.slots.map((s) => ({
          start: s.start.toISOString(),
          end: s.end.toISOString(),
          time: s.time,
          state: s.state,
        })),
      })),
    };
  }

  @Post('api/v1/bookings')
  @Access('citizen')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Book a resource: 201 held (priced: pay at payment.url within 15 minutes) or confirmed/requested; 409 slot taken; 422 outside its rules',
  })
  async bookJson(@Body() body: BookingRequestDto, @Req() request: FastifyRequest) {
    const { booking, payment } = await this.book.execute({
      resourceId: body.resourceId,
      bookerId: request.principal!.id,
      start: new Date(body.start),
      end: new Date(body.end),
    });
    // A held booking: pay at payment.url (the payment page; it sends the payer to the gateway).
    return { ...bookingJson(booking), payment: paymentJson(payment) };
  }

  @Get('api/v1/me/bookings')
  @Access('citizen')
  @ApiOperation({ summary: "The logged-in citizen's bookings, latest first" })
  async myBookingsJson(@Req() request: FastifyRequest) {
    const list = await this.tenantDb.read(() => this.bookings.ofBooker(request.principal!.id));
    return { bookings: list.map(bookingJson) };
  }

  @Post('api/v1/bookings/:id/cancel')
  @Access('citizen')
  @HttpCode(200)
  @ApiOperation({
    summary: "Cancel one of the citizen's bookings, under the resource's cancellation rule; a paid one is refunded",
  })
  async cancelJson(@Param('id', uuid('booking')) id: string, @Req() request: FastifyRequest) {
    const { refund } = await this.cancelBooking.execute(id, request.principal!.id);
    const booking = await this.tenantDb.read(() => this.bookings.findById(id));
    // A refund the gateway could not make at once is owed (refundDue): the payments sweep makes it.
    return {
      ...bookingJson(booking!),
      refund: refund
        ? { ...paymentJson(refund), refundDue: refund.status === 'paid' && refund.refundDueAt !== null }
        : null,
    };
  }

  private async availabilityOf(id: string, from: { year: number; month: number; day: number }, days: number) {
    const { timeZone } = currentTenantSettings();
    return this.tenantDb.read(async () => {
      const resource = await this.resources.findById(id);
      if (!resource) throw notFound();
      const start = instantOf({ ...from, hour: 0, minute: 0 }, timeZone);
      const end = instantOf({ ...addDays(from, days), hour: 0, minute: 0 }, timeZone);
      const taken = await this.bookings.taken(id, start, end);
      return { resource, days: availability(from, days, resource, taken, timeZone) };
    });
  }

  private async renderResource(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    week: string | undefined,
    extra: Record<string, unknown>,
  ) {
    const { locale } = pageLocale(request, reply);
    const { timeZone } = currentTenantSettings();
    const monday = mondayOf(week ? parseDate(week) : todayIn(timeZone));
    const { resource, days } = await this.availabilityOf(id, monday, 7);
    const institution = await this.tenantDb.read(() => this.institutions.findById(resource.institutionId));
    return this.page(request, reply, 'resource.njk', 'bookings.resource.title', {
      resource,
      name: textIn(resource.name, locale),
      description: Object.keys(resource.description).length ? textIn(resource.description, locale) : '',
      institution: institution && { ...institution, displayName: textIn(institution.name, locale) },
      hours: describeHours(resource.bookableHours, locale),
      photos: (await resourcePhotosOf(this.tenantDb, resource.id)).map((p) => photoView(p, locale)),
      timeZone,
      week: {
        ...weekView(days, locale),
        previous: isoDate(addDays(monday, -7)),
        next: isoDate(addDays(monday, 7)),
      },
      weekdays: WEEKDAYS,
      citizen: request.principal?.kind === 'citizen',
      ...extra,
    });
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    title: string,
    context: Record<string, unknown>,
  ) {
    return this.pages.send(request, reply, template, {
      ...(await this.chrome.portal(request)),
      title,
      tenant: currentTenantSettings(),
      ...context,
    });
  }
}
