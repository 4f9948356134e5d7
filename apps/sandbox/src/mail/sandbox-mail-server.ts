import type { Socket } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type AddressObject, type EmailAddress, type HeaderValue, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import { SandboxConfig } from '../sandbox.config.js';
import { type IncomingMail, Mailbox } from './mailbox.js';

/** The largest message the server accepts (SIZE extension); larger ones are refused with 552. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** The header in which the product puts the unique key of one delivery. */
export const DELIVERY_KEY_HEADER = 'x-townhall-delivery';

/**
 * The sandbox's SMTP server (smtp-server): plain SMTP without TLS, any credentials or none,
 * every message parsed (mailparser) into the Mailbox. It starts and stops with the app, and
 * can be stopped and started while the sandbox runs, for fault tests: stopped, its port is
 * closed (connection refused), and stopping drops open connections instead of waiting for them.
 */
@Injectable()
export class SandboxMailServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SandboxMailServer.name);
  private server: SMTPServer | null = null;
  private readonly sockets = new Set<Socket>();
  /** Starts and stops run one after another, whoever asks. */
  private transition: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SandboxConfig) private readonly config: SandboxConfig,
    private readonly mailbox: Mailbox,
  ) {}

  get running(): boolean {
    return this.server !== null;
  }

  get host(): string {
    return this.config.SANDBOX_SMTP_HOST;
  }

  get port(): number {
    return this.config.SANDBOX_SMTP_PORT;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Listens on SANDBOX_SMTP_HOST:SANDBOX_SMTP_PORT; does nothing when already listening. */
  start(): Promise<void> {
    return this.inTurn(() => this.listen());
  }

  /** Closes the port and drops open connections; does nothing when already stopped. */
  stop(): Promise<void> {
    return this.inTurn(() => this.close());
  }

  private inTurn(step: () => Promise<void>): Promise<void> {
    const done = this.transition.then(step);
    this.transition = done.catch(() => undefined);
    return done;
  }

  private async listen(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      name: 'sandbox.townhall.localhost',
      banner: 'Townhall sandbox: test mail only, nothing is delivered',
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      size: MAX_MESSAGE_BYTES,
      rejectOversized: true,
      logger: false,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (error: SMTPServerError) => callback(error),
        );
      },
    });
    server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      const refused = (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`SANDBOX_SMTP_PORT ${this.port} on ${this.host} is in use`, { cause: error })
            : error,
        );
      };
      server.once('error', refused);
      server.listen(this.port, this.host, () => {
        server.off('error', refused);
        resolve();
      });
    });
    // Clients that drop the connection, or connections dropped by stop(): worth a line, no more.
    server.on('error', (error: Error) => this.logger.debug(`SMTP connection error: ${error.message}`));
    this.server = server;
    this.logger.log(`SMTP server listening on ${this.host}:${this.port}`);
  }

  private async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
    this.logger.log('SMTP server stopped');
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(stream, { skipTextToHtml: true, skipTextLinks: true, keepCidLinks: true });
    if (stream.sizeExceeded) {
      const error: SMTPServerError = new Error('Message exceeds the fixed maximum message size');
      error.responseCode = 552;
      throw error;
    }
    const mail: IncomingMail = {
      envelope: {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        to: session.envelope.rcptTo.map((r) => r.address),
      },
      messageId: parsed.messageId ?? null,
      subject: parsed.subject ?? '',
      from: parsed.from?.text ?? '',
      to: addressesOf(parsed.to),
      deliveryKey: deliveryKeyOf(parsed.headers.get(DELIVERY_KEY_HEADER)),
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : null,
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename ?? null,
        contentType: a.contentType,
        size: a.size,
        content: a.content,
      })),
    };
    this.mailbox.add(mail);
  }
}

function addressesOf(header: AddressObject | AddressObject[] | undefined): string[] {
  const flatten = (list: EmailAddress[]): string[] =>
    list.flatMap((a) => [...(a.address ? [a.address] : []), ...flatten(a.group ?? [])]);
  return header === undefined ? [] : flatten([header].flat().flatMap((h) => h.value));
}

function deliveryKeyOf(value: HeaderValue | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  const key = typeof first === 'string' ? first.trim() : '';
  return key === '' ? null : key;
}
