import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Put,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@townhall/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';
import { SandboxConfig } from '../sandbox.config.js';
import { PAY_PAGE_TEMPLATE } from './pay-page.template.js';
import { type CallbackBehaviour, type PaySession, PaySessions } from './pay-sessions.js';
import { macMatches, sandboxMerchantSecret } from './pay-signature.js';

const MERCHANT = /^[A-Za-z0-9._-]{1,64}$/;
const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

class OpenSessionRequestDto {
  @Matches(MERCHANT) merchantId: string;
  @IsString() @Length(1, 200) reference: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000_000) amount: number;
  @IsIn(['EUR', 'BGN', 'SEK']) currency: string;
  @IsIn(['card', 'bank-link']) method: string;
  @IsString() @Length(0, 300) description: string;
  @IsUrl(URL_OPTIONS) returnUrl: string;
  @IsUrl(URL_OPTIONS) callbackUrl: string;
  @IsString() @Length(10, 40) expiresAt: string;
}

class RefundRequestDto {
  @Matches(MERCHANT) merchantId: string;
  @IsString() @Length(1, 200) sessionId: string;
  @IsString() @Length(1, 200) reference: string;
  @Type(() => Number) @IsInt() @Min(1) amount: number;
  @IsString() @Length(3, 3) currency: string;
}

class PayFormDto {
  @IsIn(['paid', 'cancelled', 'failed'], { message: 'outcome must be paid, cancelled or failed' })
  outcome: 'paid' | 'cancelled' | 'failed';
}

class CallbackBehaviourDto {
  @IsIn(['normal', 'none'], { message: 'mode must be normal or none' }) mode: 'normal' | 'none';
  @IsOptional() @IsInt() @Min(1) @Max(50) copies?: number;
  @IsOptional() @IsInt() @Min(0) @Max(120_000) delayMs?: number;
}

class RefundFaultsDto {
  /** How many of the merchant's next refunds fail (503). */
  @IsInt() @Min(0) @Max(50) fail: number;
}

class SendCallbacksDto {
  @IsOptional() @IsIn(['paid', 'failed', 'cancelled']) status?: 'paid' | 'failed' | 'cancelled';
  @IsOptional() @IsInt() @Min(1) @Max(50) copies?: number;
  @IsOptional() @IsInt() @Min(0) @Max(120_000) delayMs?: number;
  /** Report another amount than the session's (a tampered message, signed correctly). */
  @IsOptional() @IsInt() @Min(0) amount?: number;
}

const views = new nunjucks.Environment(null, { autoescape: true });
const payPage = nunjucks.compile(PAY_PAGE_TEMPLATE, views);

/**
 * Sandbox Pay: a card and bank-link gateway for development and tests (townhall-pay v1). The
 * merchant opens a session server to server (signed with its secret), sends the payer to the
 * gateway's page, where a tester pays, cancels or makes it fail; the payer's browser goes back
 * with a signed return, and the merchant gets a signed server-to-server callback, which tests
 * can make come several times, late, not at all, again with another status, or with another
 * amount. Refunds are idempotent per session.
 */
@ApiTags('payments gateway')
@Controller('payments')
export class PayGatewayController {
  /** Merchant → how many of its next refunds fail. */
  private readonly failingRefunds = new Map<string, number>();

  constructor(
    private readonly sessions: PaySessions,
    @Inject(SandboxConfig) private readonly config: SandboxConfig,
  ) {}

  @Post('v1/sessions')
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Merchant API: open a payment session (signed); answers the page to send the payer to' })
  open(
    @Body() body: OpenSessionRequestDto,
    @Headers('x-merchant-id') merchantHeader: string | undefined,
    @Headers('x-signature') signature: string | undefined,
  ): { sessionId: string; redirectUrl: string; status: string } {
    this.authenticate(body.merchantId, merchantHeader, 'session', { ...body }, signature);
    for (const url of [body.returnUrl, body.callbackUrl]) {
      if (!this.allowed(url))
        throw new BadRequestException(
          `${url} is not on a host the sandbox may call (localhost or ${this.config.PLATFORM_DOMAIN})`,
        );
    }
    if (Number.isNaN(Date.parse(body.expiresAt)) || Date.parse(body.expiresAt) <= Date.now()) {
      throw new BadRequestException('expiresAt must be a time in the future');
    }
    const session = this.sessions.open({ ...body });
    return { sessionId: session.id, redirectUrl: this.sessions.pageUrl(session), status: session.status };
  }

  @Post('v1/sessions/:id/refunds')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Merchant API: refund a paid session (signed; the same refund again answers the same id)' })
  refund(
    @Param('id') id: string,
    @Body() body: RefundRequestDto,
    @Headers('x-merchant-id') merchantHeader: string | undefined,
    @Headers('x-signature') signature: string | undefined,
  ): { refundId: string; status: string } {
    this.authenticate(body.merchantId, merchantHeader, 'refund', { ...body }, signature);
    const session = this.sessions.get(id);
    if (!session || session.merchantId !== body.merchantId || body.sessionId !== id)
      throw new NotFoundException('No such session.');
    if (body.amount !== session.amount || body.currency !== session.currency) {
      throw new BadRequestException('A refund is of the whole amount, in the session currency.');
    }
    if ((this.failingRefunds.get(body.merchantId) ?? 0) > 0) {
      this.failingRefunds.set(body.merchantId, this.failingRefunds.get(body.merchantId)! - 1);
      throw new ServiceUnavailableException('Sandbox Pay fails this refund on purpose (PUT …/refund-faults).');
    }
    if (session.status === 'refunded') return { refundId: session.refundId!, status: session.status };
    if (session.status !== 'paid') throw new ConflictException(`The session is ${session.status}, not paid.`);
    session.status = 'refunded';
    session.refundId = `ref_${session.id.slice(4)}`;
    return { refundId: session.refundId, status: session.status };
  }

  @Get('pay/:id')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: "Page: the gateway's payment page (pay, cancel, fail)" })
  page(@Param('id') id: string): string {
    const session = this.known(id);
    return payPage.render({
      title: session.method === 'bank-link' ? 'Pay in your bank' : 'Pay by card',
      session,
      method: session.method === 'bank-link' ? 'Bank link' : 'Card',
      amount: new Intl.NumberFormat('en', { style: 'currency', currency: session.currency }).format(
        session.amount / 100,
      ),
    });
  }

  @Post('pay/:id')
  @Public()
  @ApiOperation({ summary: "The tester's choice: the browser goes back (signed return), the callback follows" })
  choose(@Param('id') id: string, @Body() body: PayFormDto, @Res() reply: FastifyReply): FastifyReply {
    const session = this.known(id);
    if (session.status !== 'open') throw new ConflictException(`This payment session is ${session.status}.`);
    session.status = body.outcome;
    void this.sessions.sendCallbacks(session);
    return reply.redirect(this.sessions.returnUrl(session, body.outcome), 303);
  }

  // ---- controls for tests -------------------------------------------------------------

  @Put('v1/merchants/:merchantId/callbacks')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "Sandbox only: how a merchant's callbacks go from now on (copies, delay, or none)" })
  behaviour(@Param('merchantId') merchantId: string, @Body() body: CallbackBehaviourDto): CallbackBehaviour {
    if (!MERCHANT.test(merchantId)) throw new NotFoundException('No such merchant.');
    return this.sessions.setBehaviour(merchantId, {
      mode: body.mode,
      copies: body.copies ?? 1,
      delayMs: body.delayMs ?? 0,
    });
  }

  @Put('v1/merchants/:merchantId/refund-faults')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "Sandbox only: make a merchant's next refunds fail with 503" })
  refundFaults(@Param('merchantId') merchantId: string, @Body() body: RefundFaultsDto): { fail: number } {
    if (!MERCHANT.test(merchantId)) throw new NotFoundException('No such merchant.');
    this.failingRefunds.set(merchantId, body.fail);
    return { fail: body.fail };
  }

  @Post('v1/sessions/:id/callbacks')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sandbox only: send the callback (again) now: copies, another status (out of order), another amount',
  })
  async resend(
    @Param('id') id: string,
    @Body() body: SendCallbacksDto,
  ): Promise<{ callbacks: PaySession['callbacks'] }> {
    const session = this.known(id);
    return { callbacks: await this.sessions.sendCallbacks(session, { ...body, copies: body.copies ?? 1 }) };
  }

  @Get('v1/sessions/:id')
  @Public()
  @ApiOperation({ summary: 'Sandbox only: a session, and every callback sent with what the merchant answered' })
  show(@Param('id') id: string): PaySession {
    return this.known(id);
  }

  private known(id: string): PaySession {
    const session = this.sessions.get(id);
    if (!session) throw new NotFoundException('No such payment session.');
    return session;
  }

  private authenticate(
    merchantId: string,
    header: string | undefined,
    message: 'session' | 'refund',
    values: Record<string, unknown>,
    signature: string | undefined,
  ): void {
    if (header !== merchantId || !macMatches(sandboxMerchantSecret(merchantId), message, values, signature)) {
      throw new UnauthorizedException("The request is not signed with the merchant's secret.");
    }
  }

  private allowed(uri: string): boolean {
    try {
      const host = new URL(uri).hostname;
      return [this.config.PLATFORM_DOMAIN, 'localhost', '127.0.0.1'].some((d) => host === d || host.endsWith(`.${d}`));
    } catch {
      return false;
    }
  }
}
