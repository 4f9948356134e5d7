import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access, RequestValidationException } from '@townhall/platform';
import { currentTenant, currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '../domain/notification-event.js';
import { Outbox } from '../outbox/outbox.js';
import { DeliveriesRepository } from '../persistence/deliveries.repository.js';
import { MessageTemplatesRepository } from '../persistence/message-templates.repository.js';
import { MessageTexts, PLACEHOLDERS } from '../templates/message-texts.js';
import { CsrfOnlyRequestDto, MessageWordingRequestDto } from './dto/message-wording.request.dto.js';

const noDelivery = () => new NotFoundException('No such message.');
const noWording = () => new NotFoundException('No such message text.');
/** Who may read the messages sent (a viewer may not: they name citizens and their addresses). */
const MESSAGE_READERS = ['admin', 'owner', 'handler'];

/**
 * The office's side of messages: what could not be sent (admins may try again), letters
 * to print and post, and the municipality's own wording of each message per language.
 */
@ApiExcludeController()
@Controller('office')
export class OfficeMessagesController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly deliveries: DeliveriesRepository,
    private readonly wordings: MessageTemplatesRepository,
    private readonly texts: MessageTexts,
    private readonly outbox: Outbox,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {
    chrome.addLink('office', { href: '/office/messages', text: 'notifications.nav.messages', roles: MESSAGE_READERS });
  }

  @Get('messages')
  @Access('staff', { roles: MESSAGE_READERS })
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { failed, letters } = await this.tenantDb.read(async () => ({
      failed: await this.deliveries.failed(),
      letters: await this.deliveries.toPost(),
    }));
    return this.page(request, reply, 'office-messages.njk', 'notifications.office.title', {
      failed,
      letters,
      isAdmin: request.staffMember?.role === 'admin',
    });
  }

  @Post('messages/:id/retry')
  @Access('staff', { roles: ['admin'] })
  async retry(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: noDelivery })) id: string,
    @Body() _body: CsrfOnlyRequestDto,
    @Res() reply: FastifyReply,
  ) {
    const outboxId = await this.tenantDb.run(() => this.deliveries.reopen(id));
    if (!outboxId) throw noDelivery();
    await this.outbox.queueNow(currentTenant().id, [outboxId]);
    return reply.redirect('/office/messages', 303);
  }

  @Post('messages/:id/posted')
  @Access('staff', { roles: MESSAGE_READERS })
  async posted(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: noDelivery })) id: string,
    @Body() _body: CsrfOnlyRequestDto,
    @Res() reply: FastifyReply,
  ) {
    const done = await this.tenantDb.run(() => this.deliveries.markPosted(id));
    if (!done) throw noDelivery();
    return reply.redirect('/office/messages', 303);
  }

  @Get('settings/messages')
  @Access('staff', { roles: ['admin'] })
  async wordingsPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const own = await this.tenantDb.read(() => this.wordings.all());
    const locales = currentTenantSettings().locales as string[];
    const rows = NOTIFICATION_EVENTS.flatMap((event) =>
      locales.map((locale) => ({ event, locale, own: own.some((w) => w.event === event && w.locale === locale) })),
    );
    return this.page(request, reply, 'office-wordings.njk', 'notifications.wordings.title', { rows });
  }

  @Get('settings/messages/:event/:locale')
  @Access('staff', { roles: ['admin'] })
  async wordingPage(
    @Param('event') event: string,
    @Param('locale') locale: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { checkedEvent, checkedLocale } = this.check(event, locale);
    const own = await this.tenantDb.read(() => this.wordings.find(checkedEvent, checkedLocale));
    const wording = own ?? this.texts.defaultWording(checkedEvent, checkedLocale);
    return this.renderWording(request, reply, checkedEvent, checkedLocale, wording, !!own, []);
  }

  @Post('settings/messages/:event/:locale')
  @Access('staff', { roles: ['admin'] })
  async saveWording(
    @Param('event') event: string,
    @Param('locale') locale: string,
    @Body() body: MessageWordingRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { checkedEvent, checkedLocale } = this.check(event, locale);
    const wording = {
      subject: body.subject.trim(),
      body: body.body.replace(/\r\n/g, '\n').trim(),
      sms: body.sms.trim(),
    };
    const errors = (['subject', 'body', 'sms'] as const).flatMap((field) =>
      this.texts.unknownPlaceholders(wording[field]).map((name) => ({
        field,
        message: `${field} uses {{ ${name} }}, which is not a placeholder`,
      })),
    );
    if (errors.length > 0) {
      if (!(request.headers.accept ?? '').includes('text/html')) throw new RequestValidationException(errors);
      return this.renderWording(request, reply, checkedEvent, checkedLocale, wording, true, errors, 422);
    }
    await this.tenantDb.run(() => this.wordings.save(checkedEvent, checkedLocale, wording, request.staffMember!.email));
    return reply.redirect('/office/settings/messages', 303);
  }

  @Post('settings/messages/:event/:locale/reset')
  @Access('staff', { roles: ['admin'] })
  async resetWording(
    @Param('event') event: string,
    @Param('locale') locale: string,
    @Body() _body: CsrfOnlyRequestDto,
    @Res() reply: FastifyReply,
  ) {
    const { checkedEvent, checkedLocale } = this.check(event, locale);
    await this.tenantDb.run(() => this.wordings.reset(checkedEvent, checkedLocale));
    return reply.redirect('/office/settings/messages', 303);
  }

  private check(event: string, locale: string): { checkedEvent: NotificationEvent; checkedLocale: string } {
    if (!NOTIFICATION_EVENTS.includes(event as NotificationEvent)) throw noWording();
    if (!(currentTenantSettings().locales as string[]).includes(locale)) throw noWording();
    return { checkedEvent: event as NotificationEvent, checkedLocale: locale };
  }

  private renderWording(
    request: FastifyRequest,
    reply: FastifyReply,
    event: NotificationEvent,
    locale: string,
    wording: { subject: string; body: string; sms: string },
    own: boolean,
    errors: { field: string; message: string }[],
    status = 200,
  ) {
    return this.page(
      request,
      reply,
      'office-wording.njk',
      'notifications.wordings.title',
      { event, locale, wording, own, errors, placeholders: PLACEHOLDERS },
      status,
    );
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    title: string,
    context: Record<string, unknown>,
    status = 200,
  ) {
    return this.pages.send(
      request,
      reply,
      template,
      { ...(await this.chrome.office(request)), title, tenant: currentTenantSettings(), ...context },
      status,
    );
  }
}
