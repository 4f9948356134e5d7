import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import nunjucks from 'nunjucks';
import { displayTime } from '../mail/sandbox-page.layout.js';
import { SmsOutbox } from './sms-outbox.js';
import { SMS_LIST_TEMPLATE } from './sms.templates.js';

/** How many messages the page shows; the API pages through the rest. */
const PAGE_ROWS = 500;

const listPage = nunjucks.compile(SMS_LIST_TEMPLATE, new nunjucks.Environment(null, { autoescape: true }));

/** The text messages the SMS provider stand-in accepted, as a page for testers. */
@ApiTags('sms provider')
@Controller('sms')
export class SmsPagesController {
  constructor(private readonly outbox: SmsOutbox) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Page: accepted text messages, newest first' })
  list(): string {
    const { total, messages } = this.outbox.find({ limit: PAGE_ROWS });
    return listPage.render({
      title: 'Text messages',
      section: 'sms',
      faultStatus: this.outbox.outageStatus,
      total,
      messages: messages.map((m) => ({ ...m, time: displayTime(m.receivedAt) })),
    });
  }
}
