import { Injectable, Logger } from '@nestjs/common';
import { PaymentsException, PaymentsExceptionCode } from '../domain/payments.exception.js';
import { fieldsOf, sign, verify } from './gateway-signature.js';
import { type Merchant, PaymentProvider, type SessionRequest } from './payment-provider.js';

const TIMEOUT_MS = 10_000;

/**
 * The townhall-pay v1 protocol (apps/sandbox/src/payments): JSON over HTTP, every request and
 * message signed with the merchant's secret (see gateway-signature.ts); the merchant names
 * itself in `X-Merchant-Id`, the signature goes in `X-Signature`.
 */
@Injectable()
export class SandboxPayProvider extends PaymentProvider {
  private readonly logger = new Logger(SandboxPayProvider.name);

  async createSession(
    merchant: Merchant,
    request: SessionRequest,
  ): Promise<{ sessionId: string; redirectUrl: string }> {
    const body = {
      merchantId: merchant.merchantId,
      reference: request.reference,
      amount: request.amount,
      currency: request.currency,
      method: request.method,
      description: request.description,
      returnUrl: request.returnUrl,
      callbackUrl: request.callbackUrl,
      expiresAt: request.expiresAt.toISOString(),
    };
    const answer = await this.post<{ sessionId?: unknown; redirectUrl?: unknown }>(
      merchant,
      '/v1/sessions',
      'session',
      body,
    );
    if (
      typeof answer.sessionId !== 'string' ||
      typeof answer.redirectUrl !== 'string' ||
      !/^https?:\/\//.test(answer.redirectUrl)
    ) {
      throw new PaymentsException(
        'The payment gateway gave an answer that cannot be used.',
        PaymentsExceptionCode.GatewayUnavailable,
      );
    }
    return { sessionId: answer.sessionId, redirectUrl: answer.redirectUrl };
  }

  async refund(
    merchant: Merchant,
    request: { sessionId: string; reference: string; amount: number; currency: string },
  ): Promise<{ refundId: string }> {
    const body = { merchantId: merchant.merchantId, ...request };
    const answer = await this.post<{ refundId?: unknown }>(
      merchant,
      `/v1/sessions/${encodeURIComponent(request.sessionId)}/refunds`,
      'refund',
      body,
    );
    if (typeof answer.refundId !== 'string') {
      throw new PaymentsException(
        'The payment gateway did not confirm the refund.',
        PaymentsExceptionCode.GatewayUnavailable,
      );
    }
    return { refundId: answer.refundId };
  }

  verifyCallback(merchant: Merchant, body: Record<string, unknown>, signature: string | undefined): boolean {
    return verify(merchant.secret, 'callback', fieldsOf('callback', body), signature);
  }

  verifyReturn(merchant: Merchant, query: Record<string, unknown>): boolean {
    const signature = typeof query.signature === 'string' ? query.signature : undefined;
    return verify(merchant.secret, 'return', fieldsOf('return', query), signature);
  }

  private async post<T>(
    merchant: Merchant,
    path: string,
    message: 'session' | 'refund',
    body: Record<string, unknown>,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${merchant.url}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Merchant-Id': merchant.merchantId,
          'X-Signature': sign(merchant.secret, message, fieldsOf(message, body)),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      this.logger.warn({ err: error, path }, 'payment gateway unreachable');
      throw new PaymentsException(
        'The payment gateway cannot be reached at the moment. Please try again shortly.',
        PaymentsExceptionCode.GatewayUnavailable,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      this.logger.warn({ status: response.status, path, answer: text.slice(0, 500) }, 'payment gateway refused');
      throw new PaymentsException(
        `The payment gateway refused the request (${response.status}).`,
        PaymentsExceptionCode.GatewayUnavailable,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PaymentsException(
        'The payment gateway gave an answer that cannot be read.',
        PaymentsExceptionCode.GatewayUnavailable,
      );
    }
  }
}
