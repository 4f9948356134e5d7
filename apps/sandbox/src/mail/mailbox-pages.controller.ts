import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import nunjucks from 'nunjucks';
import { Mailbox } from './mailbox.js';
import { MAIL_LIST_TEMPLATE, MAIL_MESSAGE_TEMPLATE } from './mailbox.templates.js';
import { SandboxMailServer } from './sandbox-mail-server.js';
import { displayTime } from './sandbox-page.layout.js';

/** How many messages the list page shows; the API pages through the rest. */
const PAGE_ROWS = 500;

const views = new nunjucks.Environment(null, { autoescape: true });
const listPage = nunjucks.compile(MAIL_LIST_TEMPLATE, views);
const messagePage = nunjucks.compile(MAIL_MESSAGE_TEMPLATE, views);

/** The mailbox as pages, for testers: what the product sent, and each message. */
@ApiTags('mail')
@Controller('mail')
export class MailboxPagesController {
  constructor(
    private readonly mailbox: Mailbox,
    private readonly server: SandboxMailServer,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Page: received mail, newest first' })
  list(): string {
    const { total, messages } = this.mailbox.find({ limit: PAGE_ROWS });
    return listPage.render({
      title: 'Mailbox',
      section: 'mail',
      running: this.server.running,
      host: this.server.host,
      port: this.server.port,
      total,
      messages: messages.map((m) => ({
        id: m.id,
        receivedAt: m.receivedAt,
        time: displayTime(m.receivedAt),
        recipients: (m.to.length > 0 ? m.to : m.envelope.to).join(', '),
        subject: m.subject,
      })),
    });
  }

  @Get(':id')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Page: one received message' })
  message(@Param('id') id: string): string {
    const message = this.mailbox.get(id);
    if (!message) throw new NotFoundException('There is no such message in the mailbox.');
    return messagePage.render({
      title: `Mail: ${message.subject || '(no subject)'}`,
      section: 'mail',
      message,
      time: displayTime(message.receivedAt),
    });
  }
}
