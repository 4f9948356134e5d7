import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataAccessLog } from '@townhall/audit';
import { type PaymentEntity } from '@townhall/payments';
import { Access } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BOOKING_DECIDER_ROLES } from '../domain/booking-deciders.js';
import { timesOf } from '../domain/booking-time.js';
import { BookingsException, BookingsExceptionCode } from '../domain/bookings.exception.js';
import { localIso } from '../domain/zoned-time.js';
import { BookingsRepository } from '../persistence/bookings.repository.js';
import { InstitutionsRepository } from '../persistence/institutions.repository.js';
import {
  DecideBookingRequestUseCase,
  paymentDeadline,
  REASON_MAX_LENGTH,
  type DecidedRequest,
} from '../use-cases/decide-booking-request.use-case.js';
import { textIn, whenText } from './booking-text.js';
import { RejectBookingRequestDto } from './dto/office-resource.request.dto.js';

const uuid = () =>
  new ParseUUIDPipe({
    exceptionFactory: () => new BookingsException('No such booking.', BookingsExceptionCode.BookingNotFound),
  });

/** Who may decide a request: the officials who manage the resources (the office's resource pages' admins). */
const DECIDERS = { roles: [...BOOKING_DECIDER_ROLES] };

type Form = Record<string, string | string[] | undefined>;

/** A decided booking as the office's JSON answers it. */
function decidedJson({ booking, payment }: DecidedRequest) {
  const { timeZone } = currentTenantSettings();
  const { start, end } = timesOf(booking);
  return {
    id: booking.id,
    reference: booking.reference,
    resourceId: booking.resourceId,
    status: booking.status,
    start: localIso(start, timeZone),
    end: localIso(end, timeZone),
    price: booking.price,
    currency: booking.currency,
    heldUntil: booking.heldUntil?.toISOString() ?? null,
    decidedBy: booking.decidedBy,
    decidedAt: booking.decidedAt?.toISOString() ?? null,
    reason: booking.decisionReason,
    payment: payment ? paymentJson(payment) : null,
  };
}

function paymentJson(p: PaymentEntity) {
  return { id: p.id, status: p.status, amount: p.amount, currency: p.currency, expiresAt: p.expiresAt.toISOString() };
}

/**
 * The office's side of bookings that need approval (issue 8): every official sees the requests
 * waiting, per institution and resource, and a request's details (the booker's name is a look at
 * a citizen's data: recorded in the data-access log); the officials who manage resources approve
 * or reject it with a reason (DecideBookingRequestUseCase), on the page or as JSON. Of two
 * deciding at once, the second is told it was decided already (409).
 */
@ApiTags('office')
@Controller()
export class OfficeBookingsController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly bookings: BookingsRepository,
    private readonly institutions: InstitutionsRepository,
    private readonly decide: DecideBookingRequestUseCase,
    private readonly accessLog: DataAccessLog,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {
    chrome.addLink('office', {
      href: '/office/bookings',
      text: 'bookings.office.requests.nav',
      count: () => this.tenantDb.read(() => this.bookings.countRequested()),
      countText: 'bookings.office.requests.waiting',
    });
  }

  // ---- JSON ----------------------------------------------------------------------------

  @Post('api/v1/office/bookings/:id/approve')
  @Access('staff', DECIDERS)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve a requested booking: confirmed, or (priced) held with its payment for the booker to pay; the booker is told. 409 when already decided',
  })
  async approveJson(@Param('id', uuid()) id: string, @Req() request: FastifyRequest) {
    return decidedJson(await this.decide.approve(id, { id: request.staffMember!.id }));
  }

  @Post('api/v1/office/bookings/:id/reject')
  @Access('staff', DECIDERS)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reject a requested booking with the reason the booker is told; its time is free again. 409 when already decided, 422 without a reason',
  })
  async rejectJson(
    @Param('id', uuid()) id: string,
    @Body() body: RejectBookingRequestDto,
    @Req() request: FastifyRequest,
  ) {
    return decidedJson(await this.decide.reject(id, { id: request.staffMember!.id }, body.reason));
  }

  // ---- pages ---------------------------------------------------------------------------

  @Get('office/bookings')
  @ApiExcludeEndpoint()
  @Access('staff')
  async requestsPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = pageLocale(request, reply);
    const { timeZone } = currentTenantSettings();
    const query = request.query as Record<string, string | undefined>;
    const { requests, institutions } = await this.tenantDb.read(async () => ({
      requests: await this.bookings.requested(),
      institutions: await this.institutions.list(),
    }));
    const resourceIds = [...new Set(requests.map((b) => b.resourceId))];
    const decided = ['approved', 'rejected'].includes(query.decided ?? '') ? query.decided : null;
    return this.pages.send(request, reply, 'office-booking-requests.njk', {
      ...(await this.chrome.office(request)),
      title: 'bookings.office.requests.title',
      tenant: currentTenantSettings(),
      decided: decided && {
        outcome: decided,
        reference: /^[A-Z0-9-]{1,20}$/.test(query.reference ?? '') ? query.reference : '',
      },
      count: requests.length,
      institutions: institutions
        .map((i) => ({
          id: i.id,
          displayName: textIn(i.name, locale),
          resources: resourceIds
            .map((rid) => requests.filter((b) => b.resourceId === rid))
            .filter((list) => list[0].resource?.institutionId === i.id)
            .map((list) => ({
              id: list[0].resourceId,
              displayName: textIn(list[0].resource!.name, locale),
              requests: list.map((b) => {
                const { start, end } = timesOf(b);
                return {
                  id: b.id,
                  reference: b.reference,
                  when: whenText(start, end, locale, timeZone),
                  requestedAt: b.createdAt,
                  price: b.price,
                };
              }),
            })),
        }))
        .filter((i) => i.resources.length > 0),
    });
  }

  @Get('office/bookings/:id')
  @ApiExcludeEndpoint()
  @Access('staff')
  async bookingPage(@Param('id', uuid()) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.renderBooking(request, reply, id);
  }

  @Post('office/bookings/:id/approve')
  @ApiExcludeEndpoint()
  @Access('staff', DECIDERS)
  async approvePage(@Param('id', uuid()) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      const { booking } = await this.decide.approve(id, { id: request.staffMember!.id });
      return reply.redirect(`/office/bookings?decided=approved&reference=${booking.reference}`, 303);
    } catch (error) {
      return this.refused(error, request, reply, id);
    }
  }

  @Post('office/bookings/:id/reject')
  @ApiExcludeEndpoint()
  @Access('staff', DECIDERS)
  async rejectPage(@Param('id', uuid()) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const form = (request.body ?? {}) as Form;
    try {
      const { booking } = await this.decide.reject(id, { id: request.staffMember!.id }, form.reason);
      return reply.redirect(`/office/bookings?decided=rejected&reference=${booking.reference}`, 303);
    } catch (error) {
      return this.refused(error, request, reply, id, typeof form.reason === 'string' ? form.reason : '');
    }
  }

  // ---- the work ------------------------------------------------------------------------

  /** The booking's page again, saying why the decision was refused (already decided, no reason). */
  private refused(error: unknown, request: FastifyRequest, reply: FastifyReply, id: string, reason = '') {
    if (!(error instanceof BookingsException) || error.status === 404) throw error;
    return this.renderBooking(request, reply, id, { refusal: error, reason }, error.status);
  }

  private async renderBooking(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    problem: { refusal: BookingsException; reason: string } | null = null,
    status = 200,
  ) {
    const { locale } = pageLocale(request, reply);
    const { timeZone } = currentTenantSettings();
    const official = request.staffMember!;
    const found = await this.tenantDb.run(async () => {
      const booking = await this.bookings.withDetails(id);
      if (!booking) return null;
      const institution = booking.resource && (await this.institutions.findById(booking.resource.institutionId));
      // The booker's name is shown: a look at a citizen's data, kept in their data-access log.
      await this.accessLog.record({
        personId: booking.bookerId,
        action: 'person-data-opened',
        actor: { kind: 'staff', id: official.id, name: official.name },
        reason: `Booking ${booking.reference}`,
      });
      return { booking, institution };
    });
    if (!found) throw new BookingsException('No such booking.', BookingsExceptionCode.BookingNotFound);
    const { booking, institution } = found;
    const { start, end } = timesOf(booking);
    const isDecider = BOOKING_DECIDER_ROLES.includes(official.role);
    const reasonError =
      problem?.refusal.code === BookingsExceptionCode.DecisionInvalid ? problem.refusal.errors[0]?.message : undefined;
    return this.pages.send(
      request,
      reply,
      'office-booking.njk',
      {
        ...(await this.chrome.office(request)),
        title: 'bookings.office.requests.booking',
        tenant: currentTenantSettings(),
        booking: {
          id: booking.id,
          reference: booking.reference,
          status: booking.status,
          price: booking.price,
          when: whenText(start, end, locale, timeZone),
          requestedAt: booking.createdAt,
          heldUntil: booking.heldUntil,
          decidedAt: booking.decidedAt,
          decidedBy: booking.decider?.name ?? null,
          reason: booking.decisionReason,
          booker: booking.booker ? `${booking.booker.givenName} ${booking.booker.familyName}` : '',
        },
        resource: booking.resource && { id: booking.resource.id, displayName: textIn(booking.resource.name, locale) },
        institution: institution && { id: institution.id, displayName: textIn(institution.name, locale) },
        canDecide: isDecider && booking.status === 'requested',
        waitingForDecider: !isDecider && booking.status === 'requested',
        // What approving does: confirmed now, or paid by this deadline first.
        payBy: booking.price > 0 ? paymentDeadline(new Date(), start, timeZone) : null,
        reasonMax: REASON_MAX_LENGTH,
        refusal: problem && !reasonError ? problem.refusal.message : null,
        errors: reasonError ? [{ field: 'reason', text: reasonError }] : [],
        reasonError,
        reason: problem?.reason ?? '',
      },
      status,
    );
  }
}
