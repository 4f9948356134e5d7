import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ProblemResponseDto, Public } from '@townhall/platform';
import { currentTenantSettings, TenantDatabase } from '@townhall/tenancy';
import { PageChrome, pageLocale, Pages, Translations } from '@townhall/web';
import { IsOptional, IsString, Length } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_METHODS, type PaymentEntity } from '../domain/payment.entity.js';
import { PaymentsException, PaymentsExceptionCode } from '../domain/payments.exception.js';
import { PaymentProvider } from '../gateway/payment-provider.js';
import { PaymentsRepository } from '../persistence/payments.repository.js';
import { PaymentConfiguration } from '../use-cases/payment-configuration.js';
import { refundMessageReason } from '../use-cases/payment-transitions.js';
import { PaymentReceipt, textIn } from '../use-cases/payment-receipt.js';
import { StartPaymentUseCase } from '../use-cases/start-payment.use-case.js';
import { StartPaymentRequestDto } from './dto/payment.request.dto.js';
import { PaymentResponseDto } from './dto/payment.response.dto.js';
import { sendDownload } from './send-download.js';

/** The gateway's signed return, as the payer's browser brings it (townhall-pay v1). */
class PaymentReturnQueryDto {
  @IsString() @Length(1, 64) merchantId: string;
  @IsString() @Length(1, 200) sessionId: string;
  @IsString() @Length(1, 200) reference: string;
  @IsString() @Length(1, 20) status: string;
  @IsString() @Length(1, 12) amount: string;
  @IsString() @Length(3, 3) currency: string;
  @IsString() @Length(1, 40) sentAt: string;
  @IsString() @Length(1, 80) signature: string;
  @IsOptional() @IsString() lang?: string;
}

/**
 * The payer's side: what a payment is for and what it costs (computed on the server), the
 * choice of how to pay, the return from the gateway ("being confirmed" until the callback
 * says), and the receipt.
 */
@ApiTags('citizen: payments')
@Controller()
export class PortalPaymentsController {
  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly payments: PaymentsRepository,
    private readonly configuration: PaymentConfiguration,
    private readonly provider: PaymentProvider,
    private readonly start: StartPaymentUseCase,
    private readonly receipt: PaymentReceipt,
    private readonly pages: Pages,
    private readonly chrome: PageChrome,
    private readonly translations: Translations,
  ) {}

  @Get('payments/:id')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async page(
    @Param('id') id: string,
    @Query('returned') returned: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const payment = await this.own(id, request);
    const { locale } = pageLocale(request, reply);
    const t = this.translations.t(locale);
    const tenant = currentTenantSettings();
    const { settings } = await this.configuration.current();
    const open = payment.status === 'created' && payment.expiresAt.getTime() > Date.now();
    return this.pages.send(request, reply, 'portal-payment.njk', {
      ...(await this.chrome.portal(request)),
      title: 'payments.pay.title',
      tenant,
      payment: {
        id: payment.id,
        status: payment.status,
        what: textIn(payment.description, locale, tenant.defaultLocale),
        lines: payment.lines.map((l) => ({ label: textIn(l.label, locale, tenant.defaultLocale), amount: l.amount })),
        amount: payment.amount,
        method: payment.method,
        viaGateway: payment.method !== null && GATEWAY_METHODS.includes(payment.method),
        redirectUrl: payment.redirectUrl,
        expiresAt: payment.expiresAt,
        paidAt: payment.paidAt,
        receiptNumber: payment.receiptNumber,
        returnPath: payment.returnPath,
        // Paid, and the money owed back: on its way (the payments sweep makes it if the gateway cannot now).
        refundDue: payment.status === 'paid' && payment.refundDueAt !== null,
        refundReason: payment.refundReason ? refundMessageReason(payment.purposeKind, payment.refundReason) : null,
      },
      open,
      confirming: payment.status === 'pending' && payment.method !== null && GATEWAY_METHODS.includes(payment.method),
      returned: returned === 'paid' || returned === 'failed' || returned === 'cancelled' ? returned : undefined,
      methods: (settings?.methods ?? []).map((m) => ({
        value: m,
        label: t(`payments.methods.${m}`),
        hint: t(`payments.methodHints.${m}`),
      })),
    });
  }

  @Post('payments/:id/start')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async startPage(
    @Param('id') id: string,
    @Body() body: StartPaymentRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const payment = await this.own(id, request);
    const { locale } = pageLocale(request, reply);
    const { redirectUrl } = await this.start.execute({
      paymentId: payment.id,
      payerId: request.principal!.id,
      method: body.method,
      origin: `${request.protocol}://${request.headers.host}`,
      description: textIn(payment.description, locale, currentTenantSettings().defaultLocale),
    });
    return reply.redirect(redirectUrl ?? `/payments/${payment.id}`, 303);
  }

  /** The gateway sends the payer back here; the signature is checked, the callback decides. */
  @Get('payments/:id/return')
  @Public()
  @ApiExcludeEndpoint()
  async returned(
    @Param('id') id: string,
    @Query() query: PaymentReturnQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const merchant = await this.configuration.merchantOrNull();
    const valid =
      merchant !== null &&
      query.merchantId === merchant.merchantId &&
      query.reference === id &&
      this.provider.verifyReturn(merchant, { ...query });
    if (!valid) {
      throw new PaymentsException(
        'This return from the payment gateway could not be verified. If you paid, the payment is confirmed by the gateway itself; see your payment in the portal.',
        PaymentsExceptionCode.BadReturn,
      );
    }
    return reply.redirect(`/payments/${encodeURIComponent(id)}?returned=${encodeURIComponent(query.status)}`, 303);
  }

  @Get('payments/:id/receipt.pdf')
  @Access('citizen')
  @ApiExcludeEndpoint()
  async receiptPdf(
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const payment = await this.own(id, request);
    if (payment.status !== 'paid' && payment.status !== 'refunded') {
      throw new PaymentsException(
        'There is no receipt: the payment is not paid.',
        PaymentsExceptionCode.PaymentNotFound,
      );
    }
    const { bytes, fileName } = await this.receipt.render(payment, pageLocale(request, reply).locale);
    return sendDownload(reply, fileName, 'application/pdf', bytes);
  }

  @Get('api/v1/me/payments/:id')
  @Access('citizen')
  @ApiOperation({
    summary: "One of the logged-in citizen's payments: its status (poll it after returning from the gateway)",
  })
  @ApiOkResponse({ type: PaymentResponseDto })
  @ApiNotFoundResponse({ type: ProblemResponseDto })
  async json(@Param('id') id: string, @Req() request: FastifyRequest): Promise<PaymentResponseDto> {
    return PaymentResponseDto.of(await this.own(id, request));
  }

  /** The payment, if it is the citizen's: another's and a missing one answer alike (404). */
  private async own(id: string, request: FastifyRequest): Promise<PaymentEntity> {
    const payment = await this.tenantDb.read(() => this.payments.findById(id));
    if (!payment || payment.payerId !== request.principal!.id) {
      throw new PaymentsException('There is no such payment.', PaymentsExceptionCode.PaymentNotFound);
    }
    return payment;
  }
}
