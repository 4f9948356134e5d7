import { Module } from '@nestjs/common';
import { Mailbox } from './mailbox.js';
import { MailboxController, MailServerController } from './mailbox.controller.js';
import { MailboxPagesController } from './mailbox-pages.controller.js';
import { SandboxMailServer } from './sandbox-mail-server.js';

/**
 * The mail server the sandbox stands in for: a real SMTP server (SANDBOX_SMTP_HOST:
 * SANDBOX_SMTP_PORT) that keeps what it receives, the mailbox API at /mail/v1 and its pages
 * at /mail.
 */
@Module({
  controllers: [MailboxController, MailServerController, MailboxPagesController],
  providers: [Mailbox, SandboxMailServer],
  exports: [Mailbox, SandboxMailServer],
})
export class SandboxMailModule {}
