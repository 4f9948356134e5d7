import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, DomainException, Public } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { availability, mondayOf, parseDate, todayIn } from '../domain/availability.js';
import { describeHours, WEEKDAYS } from '../domain/bookable-hours.js';
import type { BookingEntity } from '../domain/booking.entity.js';
import { timesOf } from '../domain/booking-time.js';
import { BookingsException, BookingsExceptionCode } from '../domain/bookings.exception.js';
import type { ResourceEntity } from '../domain/resource.entity.js';
import { addDays, instantOf, isoDate } from '../domain/zoned-time.js';
import { BookingsRepository } from '../persistence/bookings.repository.js';
import { InstitutionsRepository } from '../persistence/institutions.repository.js';
import { ResourcesRepository } from '../persistence/resources.repository.js';
import { BookResourceUseCase } from '../use-cases/book-resource.use-case.js';
import { CancelBookingUseCase } from '../use-cases/cancel-booking.use-case.js';
import {
  AvailabilityQueryDto,
  BookingFormDto,
  BookingRequestDto,
  ResourcePageQueryDto,
} from './dto/booking.request.dto.js';

const notFound = () => new BookingsException('No such resource.', BookingsExceptionCode.ResourceNotFound);
const uuid = (what: 'resource' | 'booking') =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      what === 'resource'
        ? notFound()
        : new BookingsException('No such booking.', BookingsExceptionCode.BookingNotFound),
  });

/** The text of a per-language field in the page's language, else the municipality's default, else any. */
function textIn(texts: Record<string, string>, locale: string): string {
  return texts[locale] ?? texts[currentTenantSettings().defaultLocale] ?? Object.values(texts)[0] ?? '';
}

/** A resource as the JSON API shows it. */
function resourceJson(r: ResourceEntity) {
  return {
    id: r.id,
    institutionId: r.institutionId,
    kind: r.kind,
    name: r.name,
    description: r.description,
    capacity: r.capacity,
    areaM2: r.areaM2,
    equipment: r.equipment,
    pricePerHour: r.pricePerHour,
    currency: r.currency,
    bookableHours: r.bookableHours,
    bookableHoursText: describeHours(r.bookableHours),
    slotMinutes: r.slotMinutes,
    minMinutes: r.minMinutes,
    maxMinutes: r.maxMinutes,
    leadMinutes: r.leadMinutes,
    needsApproval: r.needsApproval,
    cancellationNoticeMinutes: r.cancellationNoticeMinutes,
  };
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
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
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
        name: textIn(i.name, locale),
        address: i.address,
        contacts: i.contacts,
        resources: resources
          .filter((r) => r.institutionId === i.id)
          .map((r) => ({ ...r, displayName: textIn(r.name, locale), hours: describeHours(r.bookableHours, locale) })),
      })),
    });
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
      const booking = await this.book.execute({
        resourceId: id,
        bookerId: request.principal!.id,
        start: at(body.from),
        end: at(body.to),
      });
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
    const list = await this.tenantDb.read(() => this.bookings.ofBooker(request.principal!.id));
    const when = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone });
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
    return this.page(request, reply, 'my-bookings.njk', 'bookings.mine.title', {
      booked: query.booked,
      bookings: list.map((b) => {
        const { start, end } = timesOf(b);
        return {
          ...bookingJson(b),
          resourceName: b.resource ? textIn(b.resource.name, locale) : '',
          when: `${when.format(start)}–${time.format(end)}`,
          live: ['held', 'requested', 'confirmed'].includes(b.status),
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
    return reply.redirect('/me/bookings', 303);
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
      'Book a resource: 201 held (priced: pay within 15 minutes) or confirmed/requested; 409 slot taken; 422 outside its rules',
  })
  async bookJson(@Body() body: BookingRequestDto, @Req() request: FastifyRequest) {
    const booking = await this.book.execute({
      resourceId: body.resourceId,
      bookerId: request.principal!.id,
      start: new Date(body.start),
      end: new Date(body.end),
    });
    return bookingJson(booking);
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
  @ApiOperation({ summary: "Cancel one of the citizen's bookings, under the resource's cancellation rule" })
  async cancelJson(@Param('id', uuid('booking')) id: string, @Req() request: FastifyRequest) {
    await this.cancelBooking.execute(id, request.principal!.id);
    const booking = await this.tenantDb.read(() => this.bookings.findById(id));
    return bookingJson(booking!);
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
    const dayName = new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'numeric',
      timeZone: 'UTC',
    });
    // Rows: every time of day any day of the week has a slot at.
    const times = [...new Set(days.flatMap((d) => d.slots.map((s) => s.time)))].sort();
    return this.page(request, reply, 'resource.njk', 'bookings.resource.title', {
      resource,
      name: textIn(resource.name, locale),
      description: Object.keys(resource.description).length ? textIn(resource.description, locale) : '',
      institution: institution && { ...institution, displayName: textIn(institution.name, locale) },
      hours: describeHours(resource.bookableHours, locale),
      timeZone,
      week: {
        days: days.map((d) => {
          const [y, m, dd] = d.date.split('-').map(Number);
          return { date: d.date, label: dayName.format(new Date(Date.UTC(y, m - 1, dd))) };
        }),
        rows: times.map((time) => ({
          time,
          cells: days.map((d) => d.slots.find((s) => s.time === time)?.state ?? 'closed'),
        })),
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
