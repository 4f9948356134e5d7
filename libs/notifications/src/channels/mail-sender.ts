import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PlatformConfig } from '@townhall/platform';
import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  fromName: string;
  subject: string;
  text: string;
  /** The delivery key, in the X-Townhall-Delivery header and the Message-ID: a receiver can tell a resend. */
  deliveryKey: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** E-mail over SMTP (SMTP_URL) with nodemailer, through a small pool of kept connections. */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly fromAddress: string;

  constructor(config: PlatformConfig) {
    this.transport = nodemailer.createTransport({
      url: config.SMTP_URL,
      pool: true,
      maxConnections: 4,
      maxMessages: 500,
      // A mail server that stops answering must not hold a delivery for minutes.
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 15_000,
    } as TransportOptions);
    this.fromAddress = config.MAIL_FROM;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const domain = this.fromAddress.split('@')[1];
    await this.transport.sendMail({
      from: { name: mail.fromName, address: this.fromAddress },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.deliveryKey.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`,
      headers: { 'X-Townhall-Delivery': mail.deliveryKey },
      attachments: mail.attachments,
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
