import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@townhall/platform';
import { SandboxIdentityModule } from './identity/sandbox-identity.module.js';
import { SandboxMailModule } from './mail/sandbox-mail.module.js';
import { SandboxRegistersModule } from './registers/sandbox-registers.module.js';
import { SandboxConfig } from './sandbox.config.js';
import { SandboxSmsModule } from './sms/sandbox-sms.module.js';

/**
 * Stand-ins for national services in development and tests: the identity providers (eID,
 * staff, operators), the population, property and business registers, a mail server (SMTP,
 * with a mailbox at /mail) and an SMS provider (/sms); payments come with the issues that use
 * them.
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
      ],
    };
  }
}
