import type { Currency } from '@townhall/tenancy';
import type { PaymentMethod } from '../domain/payment.entity.js';

/** A municipality's account at its gateway, with the secret resolved from the environment. */
export interface Merchant {
  url: string;
  merchantId: string;
  secret: string;
}

export interface SessionRequest {
  /** The payment's id: what the gateway calls the order. */
  reference: string;
  amount: number;
  currency: Currency;
  method: PaymentMethod;
  description: string;
  returnUrl: string;
  callbackUrl: string;
  expiresAt: Date;
}

/** What a gateway said in a callback or a return, once its signature was verified. */
export interface GatewayReport {
  merchantId: string;
  sessionId: string;
  reference: string;
  /** A unique id of the event at the gateway (the same for every copy of one callback). */
  eventId?: string;
  status: 'paid' | 'failed' | 'cancelled';
  amount: number;
  currency: string;
  sentAt: string;
}

/**
 * A payment provider: the product's side of a card or bank-link gateway. One implementation
 * (SandboxPayProvider) speaks the townhall-pay v1 protocol of apps/sandbox; a real gateway
 * (Nets, Montonio, Swedbank Pay…) is another class with the same methods.
 */
export abstract class PaymentProvider {
  /** Opens a session server to server; answers its id and the page the payer is sent to. */
  abstract createSession(
    merchant: Merchant,
    request: SessionRequest,
  ): Promise<{ sessionId: string; redirectUrl: string }>;

  /** Gives a paid session's money back; answers the gateway's id of the refund. */
  abstract refund(
    merchant: Merchant,
    request: { sessionId: string; reference: string; amount: number; currency: string },
  ): Promise<{ refundId: string }>;

  /** Whether a callback's signature is the merchant's (constant time). */
  abstract verifyCallback(merchant: Merchant, body: Record<string, unknown>, signature: string | undefined): boolean;

  /** Whether a browser return's signature is the merchant's (constant time). */
  abstract verifyReturn(merchant: Merchant, query: Record<string, unknown>): boolean;
}
