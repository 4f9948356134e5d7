import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { StaffRepository } from '@townhall/identity';
import { Access, PlatformConfig, ProblemResponseDto } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages, Translations } from '@townhall/web';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IntegrationsException } from '../domain/integrations.exception.js';
import type { WebhookSubscriptionEntity } from '../domain/webhook-subscription.entity.js';
import { WEBHOOK_EVENTS } from '../domain/webhook-events.js';
import { WEBHOOK_HEADERS } from '../domain/webhook-signature.js';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository.js';
import { WebhookSubscriptionsRepository } from '../persistence/webhook-subscriptions.repository.js';
import {
  checkWebhookUrl,
  CreateWebhookSubscriptionUseCase,
  WebhookUrlRefusedException,
} from '../use-cases/create-webhook-subscription.use-case.js';
import { ManageWebhookSubscriptionUseCase } from '../use-cases/manage-webhook-subscription.use-case.js';
import { ResendWebhookDeliveryUseCase } from '../use-cases/resend-webhook-delivery.use-case.js';
import {
  CreateWebhookRequestDto,
  WebhookActionRequestDto,
  WebhookDeliveriesQueryDto,
} from './dto/webhook.request.dto.js';
import {
  WebhookDeliveryResponseDto,
  WebhookResponseDto,
  WebhookWithSecretResponseDto,
} from './dto/webhook.response.dto.js';

const PAGE = '/office/settings/webhooks';
/** How many of a subscription's deliveries its page shows. */
const LOG_LENGTH = 50;
const FORM_FIELDS = ['url', 'description', 'events'];
/** What a page says happened, after a redirect (?done=…). */
const DONE = ['disabled', 'enabled', 'resent'] as const;

/** What the form showed when it is shown again: what was typed, and what was wrong. */
interface FormState {
  url?: string;
  description?: string;
  events?: string[];
  errors?: { field: string; text: string }[];
  fieldError?: Record<string, string>;
}

/**
 * Municipal admins subscribe their systems to events (webhooks), on office pages and as JSON
 * under /api/v1/office/webhooks: a new subscription's signing secret is shown once; each
 * subscription's page lists its recent deliveries with what the receiver answered, and sends
 * any of them again.
 */
@ApiTags('integrations')
@Controller()
export class WebhooksController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly staff: StaffRepository,
    private readonly createUseCase: CreateWebhookSubscriptionUseCase,
    private readonly manageUseCase: ManageWebhookSubscriptionUseCase,
    private readonly resendUseCase: ResendWebhookDeliveryUseCase,
    private readonly config: PlatformConfig,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
    private readonly translations: Translations,
  ) {}

  // ---- JSON ----------------------------------------------------------------------------

  @Get('api/v1/office/webhooks')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: "The municipality's webhook subscriptions, newest first (never their secrets)" })
  @ApiOkResponse({ type: [WebhookResponseDto] })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'Not a municipal admin' })
  async list(): Promise<WebhookResponseDto[]> {
    return (await this.tenantDb.read(() => this.subscriptions.list())).map((s) => WebhookResponseDto.of(s));
  }

  @Post('api/v1/office/webhooks')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Subscribe a system to events; the answer holds the signing secret, shown this once' })
  @ApiCreatedResponse({ type: WebhookWithSecretResponseDto })
  @ApiBadRequestResponse({ type: ProblemResponseDto, description: 'A URL, description or event refused, each named' })
  @ApiForbiddenResponse({ type: ProblemResponseDto, description: 'Not a municipal admin' })
  async create(
    @Body() body: CreateWebhookRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { subscription, secret } = await this.createUseCase.execute({
      url: body.url,
      description: body.description,
      events: body.events,
      createdBy: request.staffMember!.id,
    });
    const answer: WebhookWithSecretResponseDto = { ...WebhookResponseDto.of(subscription), secret };
    return reply.status(HttpStatus.CREATED).header('Cache-Control', 'no-store').send(answer);
  }

  @Get('api/v1/office/webhooks/:id')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'One webhook subscription' })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  async one(@Param('id') id: string): Promise<WebhookResponseDto> {
    return WebhookResponseDto.of(await this.manageUseCase.find(id));
  }

  @Delete('api/v1/office/webhooks/:id')
  @HttpCode(204)
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Delete a webhook subscription and its delivery log' })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  async remove(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.manageUseCase.delete({ id, by: request.staffMember!.id });
  }

  @Post('api/v1/office/webhooks/:id/disable')
  @HttpCode(200)
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Disable a subscription: no more deliveries; those still to send are cancelled' })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  async disable(@Param('id') id: string, @Req() request: FastifyRequest): Promise<WebhookResponseDto> {
    return WebhookResponseDto.of(
      await this.manageUseCase.setEnabled({ id, enabled: false, by: request.staffMember!.id }),
    );
  }

  @Post('api/v1/office/webhooks/:id/enable')
  @HttpCode(200)
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Enable a disabled subscription: it gets the events that happen from now on' })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  async enable(@Param('id') id: string, @Req() request: FastifyRequest): Promise<WebhookResponseDto> {
    return WebhookResponseDto.of(
      await this.manageUseCase.setEnabled({ id, enabled: true, by: request.staffMember!.id }),
    );
  }

  @Post('api/v1/office/webhooks/:id/rotate-secret')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Replace the signing secret; the answer holds the new one, shown this once' })
  @ApiOkResponse({ type: WebhookWithSecretResponseDto })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  async rotate(
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { subscription, secret } = await this.manageUseCase.rotateSecret({ id, by: request.staffMember!.id });
    const answer: WebhookWithSecretResponseDto = { ...WebhookResponseDto.of(subscription), secret };
    return reply.status(HttpStatus.OK).header('Cache-Control', 'no-store').send(answer);
  }

  @Get('api/v1/office/webhooks/:id/deliveries')
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: "A subscription's deliveries, newest first: event, attempts, the receiver's last answer" })
  @ApiOkResponse({ type: [WebhookDeliveryResponseDto] })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  async deliveryLog(
    @Param('id') id: string,
    @Query() query: WebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryResponseDto[]> {
    const subscription = await this.manageUseCase.find(id);
    const found = await this.tenantDb.read(() => this.deliveries.ofSubscription(subscription.id, query.limit));
    return found.map((d) => WebhookDeliveryResponseDto.of(d));
  }

  @Post('api/v1/office/webhooks/:id/deliveries/:deliveryId/resend')
  @HttpCode(202)
  @Access('staff', { roles: ['admin'] })
  @ApiOperation({ summary: 'Send a delivery again: same webhook id and body, a new timestamp and signature' })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponseDto })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  @ApiConflictResponse({
    type: ProblemResponseDto,
    description: 'The webhook is disabled, or the delivery is on its way',
  })
  async resend(
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
    @Req() request: FastifyRequest,
  ): Promise<WebhookDeliveryResponseDto> {
    return WebhookDeliveryResponseDto.of(
      await this.resendUseCase.execute({ subscriptionId: id, deliveryId, by: request.staffMember!.id }),
    );
  }

  // ---- pages ---------------------------------------------------------------------------

  @Get('office/settings/webhooks')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async listPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.renderList(request, reply, {});
  }

  @Post('office/settings/webhooks')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async createPage(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const t = this.translations.t(pageLocale(request, reply).locale);
    // Checked here rather than by the global pipe: a refused form is shown again, with its errors.
    const form = plainToInstance(CreateWebhookRequestDto, body && typeof body === 'object' ? body : {});
    const refused = fieldErrors(await validate(form, { whitelist: true, forbidNonWhitelisted: true }), t);
    if (!refused.some((e) => e.field === 'url')) {
      try {
        checkWebhookUrl(form.url, this.config.NODE_ENV);
      } catch (error) {
        if (!(error instanceof WebhookUrlRefusedException)) throw error;
        refused.unshift({ field: 'url', text: t(`integrations.webhooks.errors.url_${error.problem}`) });
      }
    }
    if (refused.length > 0) {
      const typed = body as Record<string, unknown>;
      return this.renderList(
        request,
        reply,
        {
          url: typeof typed.url === 'string' ? typed.url : '',
          description: typeof typed.description === 'string' ? typed.description : '',
          events: ([] as unknown[]).concat(typed.events ?? []).filter((s): s is string => typeof s === 'string'),
          errors: refused,
          fieldError: Object.fromEntries(refused.map((e) => [e.field, e.text])),
        },
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
    const { subscription, secret } = await this.createUseCase.execute({
      url: form.url,
      description: form.description,
      events: form.events,
      createdBy: request.staffMember!.id,
    });
    return this.renderOne(request, reply, subscription, { secret, created: true }, HttpStatus.CREATED);
  }

  @Get('office/settings/webhooks/:id')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async onePage(
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.renderOne(request, reply, await this.manageUseCase.find(id), {});
  }

  @Post('office/settings/webhooks/:id/disable')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async disablePage(
    @Param('id') id: string,
    @Body() _body: WebhookActionRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    await this.manageUseCase.setEnabled({ id, enabled: false, by: request.staffMember!.id });
    return reply.redirect(`${PAGE}/${id}?done=disabled`, 303);
  }

  @Post('office/settings/webhooks/:id/enable')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async enablePage(
    @Param('id') id: string,
    @Body() _body: WebhookActionRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    await this.manageUseCase.setEnabled({ id, enabled: true, by: request.staffMember!.id });
    return reply.redirect(`${PAGE}/${id}?done=enabled`, 303);
  }

  @Post('office/settings/webhooks/:id/rotate-secret')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async rotatePage(
    @Param('id') id: string,
    @Body() _body: WebhookActionRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { subscription, secret } = await this.manageUseCase.rotateSecret({ id, by: request.staffMember!.id });
    return this.renderOne(request, reply, subscription, { secret, created: false });
  }

  @Post('office/settings/webhooks/:id/delete')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async deletePage(
    @Param('id') id: string,
    @Body() _body: WebhookActionRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    await this.manageUseCase.delete({ id, by: request.staffMember!.id });
    return reply.redirect(`${PAGE}?done=deleted`, 303);
  }

  @Post('office/settings/webhooks/:id/deliveries/:deliveryId/resend')
  @ApiExcludeEndpoint()
  @Access('staff', { roles: ['admin'] })
  async resendPage(
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
    @Body() _body: WebhookActionRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    try {
      await this.resendUseCase.execute({ subscriptionId: id, deliveryId, by: request.staffMember!.id });
    } catch (error) {
      // Disabled, or on its way already: said on the page, where the admin is.
      if (!(error instanceof IntegrationsException) || error.status !== HttpStatus.CONFLICT) throw error;
      const subscription = await this.manageUseCase.find(id);
      return this.renderOne(request, reply, subscription, { refused: error.message }, HttpStatus.CONFLICT);
    }
    return reply.redirect(`${PAGE}/${id}?done=resent`, 303);
  }

  private async renderList(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status: number = HttpStatus.OK,
  ): Promise<FastifyReply> {
    const t = this.translations.t(pageLocale(request, reply).locale);
    const { subscriptions, last } = await this.tenantDb.read(async () => ({
      subscriptions: await this.subscriptions.list(),
      last: await this.deliveries.lastOfEach(),
    }));
    const lastOf = new Map(last.map((l) => [l.subscriptionId, l]));
    const done = (request.query as Record<string, unknown>).done;
    return this.pages.send(
      request,
      reply,
      'office-webhooks.njk',
      {
        ...(await this.chrome.office(request)),
        title: 'integrations.webhooks.title',
        tenant: currentTenantSettings(),
        subscriptions: subscriptions.map((s) => ({
          id: s.id,
          url: s.url,
          description: s.description,
          events: s.events,
          enabled: s.disabledAt === null,
          last: lastOf.get(s.id) ?? null,
        })),
        eventOptions: WEBHOOK_EVENTS.map((event) => ({
          value: event,
          label: event,
          hint: t(`integrations.webhooks.eventHints.${eventKey(event)}`),
        })),
        form: { fieldError: {}, ...form },
        deleted: done === 'deleted',
      },
      status,
    );
  }

  private async renderOne(
    request: FastifyRequest,
    reply: FastifyReply,
    subscription: WebhookSubscriptionEntity,
    shown: { secret?: string; created?: boolean; refused?: string },
    status: number = HttpStatus.OK,
  ): Promise<FastifyReply> {
    const { log, members } = await this.tenantDb.read(async () => ({
      log: await this.deliveries.ofSubscription(subscription.id, LOG_LENGTH),
      members: await this.staff.list(),
    }));
    const names = new Map(members.map((m) => [m.id, m.name]));
    const done = (request.query as Record<string, unknown>).done;
    if (shown.secret) void reply.header('Cache-Control', 'no-store');
    return this.pages.send(
      request,
      reply,
      'office-webhook.njk',
      {
        ...(await this.chrome.office(request)),
        title: 'integrations.webhooks.oneTitle',
        tenant: currentTenantSettings(),
        subscription: {
          id: subscription.id,
          url: subscription.url,
          description: subscription.description,
          events: subscription.events,
          enabled: subscription.disabledAt === null,
          createdAt: subscription.createdAt,
          createdBy: names.get(subscription.createdBy) ?? '',
          secretRotatedAt: subscription.secretRotatedAt,
          disabledAt: subscription.disabledAt,
          disabledBy: subscription.disabledBy ? (names.get(subscription.disabledBy) ?? '') : null,
        },
        deliveries: log.map((d) => ({
          id: d.id,
          event: d.event,
          createdAt: d.createdAt,
          lastAttemptAt: d.lastAttemptAt,
          attempts: d.attempts,
          lastStatus: d.lastStatus,
          lastError: d.lastError,
          status: d.status,
          // Not while it is on its way already; a disabled subscription sends nothing.
          resendable: subscription.disabledAt === null && d.status !== 'pending' && d.status !== 'sending',
        })),
        headers: WEBHOOK_HEADERS,
        secret: shown.secret,
        created: shown.created ?? false,
        refused: shown.refused,
        done: typeof done === 'string' && (DONE as readonly string[]).includes(done) ? done : undefined,
      },
      status,
    );
  }
}

/** An event as a translation key's last part (keys hold no dots or dashes). */
function eventKey(event: string): string {
  return event.replace(/[.-]/g, '_');
}

/** Each refused field of the form once, in the person's language, in the order of the form. */
function fieldErrors(errors: ValidationError[], t: (key: string) => string): { field: string; text: string }[] {
  return errors
    .map((e) => ({
      field: e.property,
      text: FORM_FIELDS.includes(e.property)
        ? t(`integrations.webhooks.errors.${e.property}`)
        : (Object.values(e.constraints ?? {})[0] ?? e.property),
    }))
    .sort((a, b) => (FORM_FIELDS.indexOf(a.field) + 1 || 99) - (FORM_FIELDS.indexOf(b.field) + 1 || 99));
}
