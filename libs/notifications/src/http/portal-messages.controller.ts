import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, RequestValidationException } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, Pages } from '@townhall/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ContactPreferencesRepository } from '../persistence/contact-preferences.repository.js';
import { type InboxReader, InboxRepository } from '../persistence/inbox.repository.js';
import { ContactPreferencesRequestDto } from './dto/contact-preferences.request.dto.js';

const notFound = () => new NotFoundException('No such message.');

/** The logged-in citizen as an inbox reader: by user id, and by national identifier when the login gave one. */
const readerOf = (request: FastifyRequest): InboxReader => ({
  citizenId: request.principal!.id,
  nationalId: request.principal!.nationalId ?? null,
});

/**
 * The citizen's messages in the portal (every notification lands in the inbox, with an unread
 * count in the header) and their contact choices: e-mail, phone, postal address, and which
 * channels they want besides the inbox. Pages, and the same as JSON.
 */
@ApiTags('citizen: messages')
@Controller()
export class PortalMessagesController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly inbox: InboxRepository,
    private readonly contacts: ContactPreferencesRepository,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
  ) {
    chrome.addLink('portal', {
      href: '/inbox',
      text: 'notifications.nav.inbox',
      count: (request) =>
        request.principal?.kind === 'citizen'
          ? this.tenantDb.read(() => this.inbox.unreadCount(readerOf(request)))
          : Promise.resolve(0),
    });
    chrome.addLink('portal', { href: '/me/contact', text: 'notifications.nav.contact' });
  }

  @Get('inbox')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const messages = await this.tenantDb.read(() => this.inbox.ofCitizen(readerOf(request)));
    return this.page(request, reply, 'inbox.njk', 'notifications.inbox.title', { messages });
  }

  @Get('inbox/:id')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async open(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: notFound })) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const message = await this.tenantDb.run(() => this.inbox.open(id, readerOf(request)));
    if (!message) throw notFound();
    return this.page(request, reply, 'inbox-message.njk', 'notifications.inbox.message', {
      message,
      paragraphs: message.body.split(/\n{2,}/),
    });
  }

  @Get('me/contact')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async contactPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const prefs = await this.tenantDb.read(() => this.contacts.of(request.principal!.id));
    return this.page(request, reply, 'contact.njk', 'notifications.contact.title', {
      prefs: prefs ?? { email: '', phone: '', postalAddress: '', channels: [] },
      saved: (request.query as { saved?: string }).saved === '1',
    });
  }

  @Post('me/contact')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async saveContact(
    @Body() body: ContactPreferencesRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.save(request.principal!.id, body);
    return reply.redirect('/me/contact?saved=1', 303);
  }

  @Get('api/v1/me/contact-preferences')
  @Access('citizen')
  @ApiOperation({ summary: 'How the logged-in citizen wants to be told' })
  async getContact(@Req() request: FastifyRequest) {
    const prefs = await this.tenantDb.read(() => this.contacts.of(request.principal!.id));
    return {
      email: prefs?.email ?? null,
      phone: prefs?.phone ?? null,
      postalAddress: prefs?.postalAddress ?? null,
      channels: prefs?.channels ?? [],
    };
  }

  @Put('api/v1/me/contact-preferences')
  @Access('citizen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change how the logged-in citizen wants to be told' })
  async putContact(@Body() body: ContactPreferencesRequestDto, @Req() request: FastifyRequest) {
    await this.save(request.principal!.id, body);
    return this.getContact(request);
  }

  @Get('api/v1/me/inbox')
  @Access('citizen')
  @ApiOperation({ summary: 'The logged-in citizen’s messages, newest first, with the unread count' })
  async inboxJson(@Req() request: FastifyRequest) {
    return this.tenantDb.read(async () => {
      const messages = await this.inbox.ofCitizen(readerOf(request));
      return {
        unread: messages.filter((m) => !m.readAt).length,
        messages: messages.map(({ id, subject, body, applicationId, linkPath, createdAt, readAt }) => ({
          id,
          subject,
          body,
          applicationId,
          linkPath,
          createdAt,
          readAt,
        })),
      };
    });
  }

  private async save(citizenId: string, body: ContactPreferencesRequestDto): Promise<void> {
    // A channel without its address would be a promise nobody can keep.
    const problems = [];
    if (body.channels.includes('email') && !body.email)
      problems.push({ field: 'email', message: 'email is needed to get messages by e-mail' });
    if (body.channels.includes('sms') && !body.phone)
      problems.push({ field: 'phone', message: 'phone is needed to get messages by SMS' });
    if (problems.length > 0) throw new RequestValidationException(problems);
    await this.tenantDb.run(() =>
      this.contacts.save(citizenId, {
        email: body.email,
        phone: body.phone,
        postalAddress: body.postalAddress,
        channels: [...new Set(body.channels)],
      }),
    );
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
