import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '@townhall/platform';

export interface OutgoingSms {
  to: string;
  text: string;
  sender: string;
  /** The delivery key: the provider keeps one message per reference, so a resend is not a second SMS. */
  reference: string;
}

/** SMS through the provider's REST API (SMS_API_URL, bearer SMS_API_TOKEN). */
@Injectable()
export class SmsSender {
  constructor(private readonly config: PlatformConfig) {}

  async send(sms: OutgoingSms): Promise<void> {
    const response = await fetch(this.config.SMS_API_URL, {
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.config.SMS_API_TOKEN}` },
      body: JSON.stringify({
        to: sms.to,
        text: sms.text.slice(0, 1600),
        sender: sms.sender.slice(0, 11),
        reference: sms.reference,
      }),
    });
    if (!response.ok) {
      throw new Error(`the SMS provider answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
  }
}
