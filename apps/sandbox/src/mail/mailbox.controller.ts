import {
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Mailbox, type MailMessage, type MailStats, type MailSummary, summaryOf } from './mailbox.js';
import { SandboxMailServer } from './sandbox-mail-server.js';

/** An empty query parameter (`?to=`, as a form sends it) filters nothing. */
const emptyIsAbsent = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

class MailQueryDto {
  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsString()
  @MaxLength(320, { message: 'to must be an e-mail address' })
  to?: string;

  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsString()
  @MaxLength(998, { message: 'subject must be at most 998 characters' })
  subject?: string;

  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'deliveryKey must be at most 200 characters' })
  deliveryKey?: string;

  @Transform(({ value }: { value: unknown }) => (value === '' ? 100 : Number(value)))
  @Min(1, { message: 'limit must be from 1 to 1000' })
  @Max(1000, { message: 'limit must be from 1 to 1000' })
  @IsInt({ message: 'limit must be a whole number' })
  limit: number = 100;
}

/** A media type fit for a Content-Type header; anything else is served as bytes. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

/** An attachment's Content-Disposition: the file name as ASCII and, exactly, as UTF-8 (RFC 6266). */
function dispositionOf(filename: string | null): string {
  if (!filename) return 'attachment';
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The mailbox of the sandbox's SMTP server, for tests and testers: what the product sent,
 * newest first, filtered by recipient, subject or delivery key; the bodies and attachments;
 * and counts that show whether any delivery arrived twice.
 */
@ApiTags('mail')
@Controller('mail/v1')
export class MailboxController {
  constructor(private readonly mailbox: Mailbox) {}

  @Get('messages')
  @Public()
  @ApiOperation({ summary: 'Received mail, newest first, without bodies' })
  list(@Query() query: MailQueryDto): { total: number; messages: MailSummary[] } {
    const { total, messages } = this.mailbox.find(query);
    return { total, messages: messages.map(summaryOf) };
  }

  @Get('messages/:id')
  @Public()
  @ApiOperation({ summary: 'A received message with its text and HTML bodies' })
  message(@Param('id') id: string): MailMessage {
    const message = this.mailbox.get(id);
    if (!message) throw new NotFoundException(`No message with the id ${id}.`);
    return message;
  }

  @Get('messages/:id/attachments/:index')
  @Public()
  @ApiOperation({ summary: 'An attachment of a received message, as it was sent' })
  attachment(@Param('id') id: string, @Param('index', ParseIntPipe) index: number): StreamableFile {
    const found = this.mailbox.attachment(id, index);
    if (!found) throw new NotFoundException(`No attachment ${index} of a message with the id ${id}.`);
    const { summary, content } = found;
    return new StreamableFile(content, {
      type: MEDIA_TYPE.test(summary.contentType) ? summary.contentType : 'application/octet-stream',
      disposition: dispositionOf(summary.filename),
      length: content.length,
    });
  }

  @Delete('messages')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sandbox only: empty the mailbox' })
  clear(): void {
    this.mailbox.clear();
  }

  @Get('stats')
  @Public()
  @ApiOperation({ summary: 'How many messages arrived, and which delivery keys arrived more than once' })
  stats(): MailStats {
    return this.mailbox.stats();
  }
}

interface MailServerState {
  running: boolean;
  host: string;
  port: number;
}

/** Sandbox-only controls of the SMTP server, for fault tests: stop it (port closed) and start it again. */
@ApiTags('mail')
@Controller('mail/v1/server')
export class MailServerController {
  constructor(private readonly server: SandboxMailServer) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Whether the SMTP server is running, and where' })
  state(): MailServerState {
    return { running: this.server.running, host: this.server.host, port: this.server.port };
  }

  @Post('stop')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sandbox only: stop the SMTP server (its port refuses connections)' })
  async stop(): Promise<MailServerState> {
    await this.server.stop();
    return this.state();
  }

  @Post('start')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sandbox only: start the SMTP server again' })
  async start(): Promise<MailServerState> {
    await this.server.start();
    return this.state();
  }
}
