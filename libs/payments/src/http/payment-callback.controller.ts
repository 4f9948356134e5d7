import { Body, Controller, Headers, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemResponseDto, Public } from '@townhall/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HandleCallbackUseCase } from '../use-cases/handle-callback.use-case.js';
import { PaymentCallbackRequestDto } from './dto/payment.request.dto.js';
import { PaymentCallbackResponseDto } from './dto/payment.response.dto.js';

/**
 * Where the payment gateway tells the municipality, server to server, that a payment was paid,
 * failed or cancelled. Public (the gateway has no session), trusted only through the signature.
 */
@ApiTags('payments')
@Controller()
export class PaymentCallbackController {
  constructor(private readonly handle: HandleCallbackUseCase) {}

  @Post('api/v1/payments/callback')
  @Public()
  @ApiOperation({
    summary:
      "The payment gateway's signed callback (townhall-pay v1): 200 when taken or already known, 4xx when refused (each copy is logged)",
  })
  @ApiHeader({
    name: 'X-Signature',
    description: 'v1=<HMAC-SHA256 of the signed fields with the merchant secret, hex>',
  })
  @ApiOkResponse({ type: PaymentCallbackResponseDto })
  async callback(
    @Body() body: PaymentCallbackRequestDto,
    @Headers('x-signature') signature: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { verdict, status } = await this.handle.execute(
      { ...body },
      typeof signature === 'string' ? signature : undefined,
      request.bodySha256 ?? null,
    );
    if (status < 400) return reply.status(HttpStatus.OK).send({ verdict } satisfies PaymentCallbackResponseDto);
    const problem: ProblemResponseDto = {
      type: 'about:blank',
      title: 'Payment callback refused',
      status,
      detail: REFUSAL[verdict] ?? 'The callback was refused.',
      code: `payments.callback_${verdict.replace(/-/g, '_')}`,
      requestId: request.id,
    };
    return reply
      .status(status)
      .type('application/problem+json')
      .send({ ...problem, verdict });
  }
}

const REFUSAL: Record<string, string> = {
  'bad-signature': "The signature is not the merchant's.",
  'wrong-tenant': "The callback is for another municipality's merchant account.",
  unknown: 'There is no such payment session here.',
  'amount-mismatch': "The amount or currency is not the payment's.",
};
