import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@townhall/platform';
import { SandboxConfig } from './sandbox.config.js';

/**
 * Stand-ins for national services in development and tests (eID, registers, payments,
 * mail). They come with the issues that use them; for now the sandbox reports its health.
 */
@Module({})
export class SandboxModule {
  static forRoot(config: SandboxConfig): DynamicModule {
    return {
      module: SandboxModule,
      imports: [PlatformModule.forApp('sandbox', SandboxConfig, config)],
    };
  }
}
