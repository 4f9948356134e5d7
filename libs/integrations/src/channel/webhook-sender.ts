import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '@townhall/platform';
import { WEBHOOK_HEADERS, webhookSignature } from '../domain/webhook-signature.js';
import {
  publicOnlyLookup,
  WEBHOOK_URL_PROBLEMS,
  webhookTargetMode,
  webhookUrlProblem,
} from '../domain/webhook-target.js';

/** One attempt of one delivery. */
export interface OutgoingWebhook {
  url: string;
  secret: string;
  /** The delivery's id: the same on every attempt. */
  webhookId: string;
  event: string;
  body: string;
}

/** What the attempt came to: delivered on a 2xx; otherwise the status (if any) and what went wrong. */
export type WebhookOutcome =
  { delivered: true; httpStatus: number } | { delivered: false; httpStatus: number | null; error: string };

const USER_AGENT = 'Townhall-Webhooks/1';
/** Enough of a refusal's body to tell the admin what the receiver said. */
const KEPT_ANSWER_BYTES = 300;

/**
 * Posts one signed attempt: the JSON body as kept, `Townhall-Webhook-Id` (the delivery),
 * `-Timestamp` (now, unix seconds), `-Signature` (v1=HMAC-SHA256 of "<timestamp>.<body>") and
 * `-Event`. Node's http(s) client rather than fetch: no redirect is ever followed (a 3xx is
 * a failure), and in production the connection's addresses are checked (publicOnlyLookup).
 * The whole attempt, connecting to reading the answer, has WEBHOOK_TIMEOUT_MS.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: PlatformConfig) {}

  async send(webhook: OutgoingWebhook, now = new Date()): Promise<WebhookOutcome> {
    const mode = webhookTargetMode(this.config.NODE_ENV);
    // Checked again at each send: the rule may be stricter here than where it was made.
    const problem = webhookUrlProblem(webhook.url, mode);
    if (problem) return { delivered: false, httpStatus: null, error: `not sent: ${WEBHOOK_URL_PROBLEMS[problem]}` };
    const timestamp = Math.floor(now.getTime() / 1000);
    const body = Buffer.from(webhook.body, 'utf8');
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
      'User-Agent': USER_AGENT,
      [WEBHOOK_HEADERS.id]: webhook.webhookId,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: webhookSignature(webhook.secret, timestamp, webhook.body),
      [WEBHOOK_HEADERS.event]: webhook.event,
    };
    const timeoutMs = this.config.WEBHOOK_TIMEOUT_MS;
    try {
      const answer = await post(webhook.url, headers, body, timeoutMs, mode === 'strict');
      if (answer.status >= 200 && answer.status < 300) return { delivered: true, httpStatus: answer.status };
      const said = answer.text.replace(/\s+/g, ' ').trim();
      return {
        delivered: false,
        httpStatus: answer.status,
        error:
          answer.status >= 300 && answer.status < 400
            ? `the receiver answered ${answer.status} (redirects are not followed)`
            : `the receiver answered ${answer.status}${said ? `: ${said}` : ''}`,
      };
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      const message =
        err.name === 'TimeoutError' || err.name === 'AbortError'
          ? `no answer within ${timeoutMs} ms`
          : `${err.code ? `${err.code}: ` : ''}${err.message}`;
      return { delivered: false, httpStatus: null, error: message };
    }
  }
}

function post(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs: number,
  publicOnly: boolean,
): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: 'POST', headers, signal, ...(publicOnly ? { lookup: publicOnlyLookup as never } : {}) },
      (res) => {
        const kept: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < KEPT_ANSWER_BYTES) kept.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(kept).toString('utf8').slice(0, KEPT_ANSWER_BYTES),
          }),
        );
        res.on('error', reject);
        // An answer cut off before its end (the abort, a reset) is no answer.
        res.on('close', () => {
          if (!res.complete) reject(signal.aborted ? signal.reason : new Error('the answer was cut off'));
        });
      },
    );
    req.on('error', (error) => reject(signal.aborted ? signal.reason : error));
    req.end(body);
  });
}
