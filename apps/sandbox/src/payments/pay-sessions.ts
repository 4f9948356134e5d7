import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SandboxConfig } from '../sandbox.config.js';
import { mac, sandboxMerchantSecret } from './pay-signature.js';
import { postJson } from './post-json.js';

export type SessionStatus = 'open' | 'paid' | 'failed' | 'cancelled' | 'expired' | 'refunded';

export interface PaySession {
  id: string;
  merchantId: string;
  reference: string;
  amount: number;
  currency: string;
  method: string;
  description: string;
  returnUrl: string;
  callbackUrl: string;
  expiresAt: string;
  status: SessionStatus;
  createdAt: string;
  refundId: string | null;
  /** Every callback copy sent, with what the product answered (null: no answer: a network error). */
  callbacks: { eventId: string; status: string; sentAt: string; answered: number | null; verdict: string | null }[];
}

/**
 * How the gateway sends a merchant's callbacks, set by a test: `copies` of each (sent at once,
 * concurrently), after `delayMs` (a late callback), or `none` (never: the payer's return is then
 * all the product hears until it asks again).
 */
export interface CallbackBehaviour {
  mode: 'normal' | 'none';
  copies: number;
  delayMs: number;
}

const NORMAL: CallbackBehaviour = { mode: 'normal', copies: 1, delayMs: 0 };
const MAX_SESSIONS = 10_000;

/** The gateway's sessions (in memory) and its callbacks to merchants. */
@Injectable()
export class PaySessions {
  private readonly logger = new Logger(PaySessions.name);
  private readonly sessions = new Map<string, PaySession>();
  private readonly behaviours = new Map<string, CallbackBehaviour>();

  constructor(@Inject(SandboxConfig) private readonly config: SandboxConfig) {}

  open(input: Omit<PaySession, 'id' | 'status' | 'createdAt' | 'refundId' | 'callbacks'>): PaySession {
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const session: PaySession = {
      ...input,
      id: `ses_${randomBytes(12).toString('hex')}`,
      status: 'open',
      createdAt: new Date().toISOString(),
      refundId: null,
      callbacks: [],
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): PaySession | undefined {
    const session = this.sessions.get(id);
    if (session && session.status === 'open' && Date.parse(session.expiresAt) <= Date.now()) session.status = 'expired';
    return session;
  }

  pageUrl(session: PaySession): string {
    return `${this.config.SANDBOX_PUBLIC_URL.replace(/\/$/, '')}/payments/pay/${session.id}`;
  }

  behaviourOf(merchantId: string): CallbackBehaviour {
    return this.behaviours.get(merchantId) ?? NORMAL;
  }

  setBehaviour(merchantId: string, behaviour: CallbackBehaviour): CallbackBehaviour {
    this.behaviours.set(merchantId, behaviour);
    return behaviour;
  }

  /** The signed return to the merchant's page, for the payer's browser. */
  returnUrl(session: PaySession, status: string): string {
    const values = {
      merchantId: session.merchantId,
      sessionId: session.id,
      reference: session.reference,
      status,
      amount: session.amount,
      currency: session.currency,
      sentAt: new Date().toISOString(),
    };
    const url = new URL(session.returnUrl);
    for (const [k, v] of Object.entries(values)) url.searchParams.set(k, String(v));
    url.searchParams.set('signature', mac(sandboxMerchantSecret(session.merchantId), 'return', values));
    return url.toString();
  }

  /**
   * Sends the callback of an outcome as the merchant's behaviour says (or as asked: copies,
   * status), each copy the same event (same eventId) signed alike; records each answer.
   */
  async sendCallbacks(
    session: PaySession,
    options: { status?: string; copies?: number; delayMs?: number; amount?: number } = {},
  ): Promise<PaySession['callbacks']> {
    const behaviour = this.behaviourOf(session.merchantId);
    if (options.copies === undefined && behaviour.mode === 'none') return [];
    const copies = options.copies ?? behaviour.copies;
    const delayMs = options.delayMs ?? behaviour.delayMs;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const values = {
      merchantId: session.merchantId,
      sessionId: session.id,
      reference: session.reference,
      eventId: `evt_${randomUUID()}`,
      status: options.status ?? session.status,
      // A test may make the gateway report another amount (a tampered message, correctly signed).
      amount: options.amount ?? session.amount,
      currency: session.currency,
      sentAt: new Date().toISOString(),
    };
    const body = JSON.stringify(values);
    const signature = mac(sandboxMerchantSecret(session.merchantId), 'callback', values);
    const sent = await Promise.all(
      Array.from({ length: copies }, async () => {
        let answered: number | null = null;
        let verdict: string | null = null;
        try {
          const response = await postJson(session.callbackUrl, { 'X-Signature': signature }, body, 15_000);
          answered = response.status;
          try {
            verdict = (JSON.parse(response.text) as { verdict?: string }).verdict ?? null;
          } catch {
            verdict = null;
          }
        } catch (error) {
          this.logger.warn({ err: error, session: session.id }, 'callback not delivered');
        }
        const record = { eventId: values.eventId, status: values.status, sentAt: values.sentAt, answered, verdict };
        session.callbacks.push(record);
        return record;
      }),
    );
    return sent;
  }
}
