import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@townhall/platform';
import { SandboxIdentityModule } from './identity/sandbox-identity.module.js';
import { SandboxMailModule } from './mail/sandbox-mail.module.js';
import { SandboxPaymentsModule } from './payments/sandbox-payments.module.js';
import { SandboxRegistersModule } from './registers/sandbox-registers.module.js';
import { SandboxConfig } from './sandbox.config.js';
import { SandboxSmsModule } from './sms/sandbox-sms.module.js';
import { SandboxWebhooksModule } from './webhooks/sandbox-webhooks.module.js';

/**
 * Stand-ins for national services in development and tests: the identity providers (eID,
 * staff, operators), the population, property and business registers, a mail server (SMTP,
 * with a mailbox at /mail), an SMS provider (/sms) and a city system's webhook receiver
 * (/webhooks/v1) and a payment gateway (/payments: card and bank link).
 */
@Module({})
export class SandboxModule {
  static forRoot(config: SandboxConfig): DynamicModule {
    return {
      module: SandboxModule,
      imports: [
        PlatformModule.forApp('sandbox', SandboxConfig, config),
        SandboxIdentityModule,
        SandboxRegistersModule,
        SandboxMailModule,
        SandboxSmsModule,
        SandboxWebhooksModule,
        SandboxPaymentsModule,
      ],
    };
  }
}
