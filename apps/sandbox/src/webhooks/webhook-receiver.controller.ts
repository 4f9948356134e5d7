import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  type RawBodyRequest,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type WebhookFault, type WebhookReceipt, WebhookReceivers, type WebhookVerdict } from './webhook-receivers.js';

const NAME = /^[a-z0-9-]{1,40}$/;

class ConfigureReceiverRequestDto {
  /** The subscription's signing secret, as Townhall showed it (whsec_…). */
  @IsString()
  @Length(8, 200, { message: 'secret must be 8 to 200 characters' })
  secret: string;

  @IsOptional()
  @Min(1, { message: 'toleranceSeconds must be from 1 to 3600' })
  @Max(3600, { message: 'toleranceSeconds must be from 1 to 3600' })
  @IsInt({ message: 'toleranceSeconds must be a whole number' })
  toleranceSeconds?: number;
}

class ReceiverFaultRequestDto {
  /** `fail` answers `status`; `hang` answers nothing until the sender gives up; null: no fault. */
  @ValidateIf((fault: ReceiverFaultRequestDto) => fault.mode !== null)
  @IsIn(['fail', 'hang'], { message: 'mode must be fail, hang or null' })
  mode: 'fail' | 'hang' | null;

  /** How many of the next requests. */
  @ValidateIf((fault: ReceiverFaultRequestDto) => fault.mode !== null)
  @Min(1, { message: 'count must be from 1 to 100' })
  @Max(100, { message: 'count must be from 1 to 100' })
  @IsInt({ message: 'count must be a whole number' })
  count: number;

  @IsOptional()
  @Min(500, { message: 'status must be from 500 to 599' })
  @Max(599, { message: 'status must be from 500 to 599' })
  @IsInt({ message: 'status must be an HTTP status from 500 to 599' })
  status?: number;
}

/** What each verdict answers, as a receiver would. */
const ANSWER: Record<WebhookVerdict, number> = { valid: 200, 'bad-signature': 401, stale: 401, replayed: 409 };
/** A hanging receiver gives up itself after this (the sender has long before). */
const HANG_LIMIT_MS = 60_000;

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * A city system's webhook receiver, as a stand-in for tests and development: it verifies
 * every request as a real one would (signature, timestamp tolerance, replay; see
 * WebhookReceivers), records each with its verdict, and can be made to fail or hang on
 * purpose. A test names a receiver and gives it the secret Townhall showed.
 */
@ApiTags('webhook receiver')
@Controller('webhooks/v1')
export class WebhookReceiverController {
  constructor(private readonly receivers: WebhookReceivers) {}

  @Put('receivers/:name')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sandbox only: make a receiver with the secret it checks signatures with' })
  configure(@Param('name') name: string, @Body() body: ConfigureReceiverRequestDto): { name: string } {
    if (!NAME.test(name)) throw new NotFoundException('A receiver name is 1 to 40 of a-z, 0-9 and -.');
    return this.receivers.configure(name, body.secret, body.toleranceSeconds);
  }

  @Put('receivers/:name/faults')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sandbox only: make the next N requests fail (5xx) or hang; mode null: no fault' })
  fault(@Param('name') name: string, @Body() body: ReceiverFaultRequestDto): { fault: WebhookFault | null } {
    this.known(name);
    return {
      fault: this.receivers.setFault(
        name,
        body.mode === null ? null : { mode: body.mode, remaining: body.count, status: body.status ?? 500 },
      ),
    };
  }

  @Get('receivers/:name/receipts')
  @Public()
  @ApiOperation({ summary: 'What the receiver got, newest first, each with its verdict' })
  receipts(@Param('name') name: string): { receipts: WebhookReceipt[] } {
    this.known(name);
    return { receipts: this.receivers.receipts(name) };
  }

  @Post('receive/:name')
  @Public()
  @ApiOperation({ summary: 'A webhook receiver: verifies the signature, timestamp and replay, and says so' })
  async receive(
    @Param('name') name: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.known(name);
    const body = request.rawBody;
    if (!body) throw new Error('the sandbox must be started with rawBody (a signature is over the bytes)');
    const fault = this.receivers.takeFault(name);
    const signed = {
      webhookId: header(request, 'townhall-webhook-id'),
      timestamp: header(request, 'townhall-webhook-timestamp'),
      signature: header(request, 'townhall-webhook-signature'),
      body,
    };
    // A faulted request is not taken: its retry must not look like a replay.
    const { verdict, redelivery } = this.receivers.verify(name, signed, fault === null);
    let event: string | null = null;
    try {
      event = String((JSON.parse(body.toString('utf8')) as { type?: unknown }).type ?? '') || null;
    } catch {
      // Not JSON: its signature decides; the event stays unknown.
    }
    const receipt = (answered: number | null) =>
      this.receivers.record(name, {
        verdict,
        answered,
        fault: fault?.mode ?? null,
        redelivery,
        webhookId: signed.webhookId ?? null,
        timestamp: signed.timestamp ?? null,
        signature: signed.signature ?? null,
        event,
        body: body.toString('utf8'),
      });
    if (fault?.mode === 'hang') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, HANG_LIMIT_MS);
        // The response's close: the sender gave up (the request's own fires once its body is read).
        reply.raw.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      receipt(null);
      if (!reply.raw.destroyed && !reply.raw.writableEnded) void reply.status(504).send({ verdict, fault: 'hang' });
      return;
    }
    if (fault?.mode === 'fail') {
      receipt(fault.status);
      void reply.status(fault.status).send({ verdict, fault: 'fail' });
      return;
    }
    receipt(ANSWER[verdict]);
    void reply.status(ANSWER[verdict]).send({ verdict, redelivery });
  }

  private known(name: string): void {
    if (!this.receivers.exists(name))
      throw new NotFoundException(`There is no receiver ${name}; PUT /webhooks/v1/receivers/${name} first.`);
  }
}
