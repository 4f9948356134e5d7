import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Public } from '@townhall/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SMS_CLIENT } from './sms-client-access.policy.js';
import { type SmsMessage, SmsOutbox } from './sms-outbox.js';

/** A phone number in E.164 form: +, a country code, at most 15 digits in all. */
const E164 = /^\+[1-9][0-9]{1,14}$/;
const E164_MESSAGE = 'must be a phone number in E.164 form, e.g. +37251234567';

class SendSmsRequestDto {
  @IsString()
  @Matches(E164, { message: `to ${E164_MESSAGE}` })
  to: string;

  @IsString()
  @Length(1, 1600, { message: 'text must be 1 to 1600 characters' })
  text: string;

  @IsOptional()
  @IsString()
  @Length(1, 11, { message: 'sender must be 1 to 11 characters' })
  sender?: string;

  /** The client's idempotency key: the same reference again is the same message. */
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'reference must be 1 to 100 characters' })
  reference?: string;
}

class SmsQueryDto {
  /** An empty `?to=` (as a form sends it) filters nothing. */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  @Matches(E164, { message: `to ${E164_MESSAGE}` })
  to?: string;

  @Transform(({ value }: { value: unknown }) => (value === '' ? 100 : Number(value)))
  @Min(1, { message: 'limit must be from 1 to 1000' })
  @Max(1000, { message: 'limit must be from 1 to 1000' })
  @IsInt({ message: 'limit must be a whole number' })
  limit: number = 100;
}

class SmsFaultRequestDto {
  /** The status every send answers with, 500 to 599; null to answer normally again. */
  @ValidateIf((fault: SmsFaultRequestDto) => fault.status !== null)
  @Min(500, { message: 'status must be from 500 to 599, or null' })
  @Max(599, { message: 'status must be from 500 to 599, or null' })
  @IsInt({ message: 'status must be an HTTP status from 500 to 599, or null' })
  status: number | null;
}

/**
 * A stand-in for an SMS provider's REST API (as Twilio's, Messente's or MessageBird's): the
 * product posts a message with its API token and gets 202 and an id; the same `reference`
 * again is not sent twice. Tests read what was sent, and make the provider fail on purpose.
 */
@ApiTags('sms provider')
@Controller('sms/v1')
export class SmsProviderController {
  constructor(private readonly outbox: SmsOutbox) {}

  @Post('messages')
  @Access(SMS_CLIENT)
  @ApiBearerAuth()
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a text message: 202 and its id once accepted for delivery' })
  send(@Body() body: SendSmsRequestDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    // Answered here rather than thrown: a fault the tester asked for is no error of the sandbox's
    // own to log, and the error filter would add its Retry-After (five minutes) to a 503.
    const outage = this.outbox.outageStatus;
    if (outage !== null) {
      void reply.status(outage).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Provider unavailable',
        status: outage,
        detail: 'The sandbox SMS provider fails on purpose (PUT /sms/v1/faults).',
        requestId: request.id,
      });
      return;
    }
    const { message } = this.outbox.accept(body);
    void reply.status(202).send({ id: message.id, status: 'accepted' });
  }

  @Get('messages')
  @Public()
  @ApiOperation({ summary: 'Accepted text messages, newest first' })
  list(@Query() query: SmsQueryDto): { total: number; messages: SmsMessage[] } {
    return this.outbox.find(query);
  }

  @Delete('messages')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sandbox only: forget every message (and reference)' })
  clear(): void {
    this.outbox.clear();
  }

  @Get('faults')
  @Public()
  @ApiOperation({ summary: 'Sandbox only: the status sending answers with, if failing on purpose' })
  fault(): { status: number | null } {
    return { status: this.outbox.outageStatus };
  }

  @Put('faults')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sandbox only: make sending fail with a 5xx status, or (null) work again' })
  setFault(@Body() body: SmsFaultRequestDto): { status: number | null } {
    this.outbox.outageStatus = body.status;
    return { status: this.outbox.outageStatus };
  }
}
