import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@townhall/platform';
import { SandboxIdentityModule } from './identity/sandbox-identity.module.js';
import { BusinessRegisterController } from './registers/business-register.controller.js';
import { SandboxConfig } from './sandbox.config.js';

/**
 * Stand-ins for national services in development and tests: the identity providers (eID,
 * staff, operators) and the business register now; payments and mail come with the issues
 * that use them.
 */
@Module({ controllers: [BusinessRegisterController] })
export class SandboxModule {
  static forRoot(config: SandboxConfig): DynamicModule {
    return {
      module: SandboxModule,
      imports: [PlatformModule.forApp('sandbox', SandboxConfig, config), SandboxIdentityModule],
    };
  }
}
