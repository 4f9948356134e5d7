import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule, ConfigModule, HealthModule, LoggingModule, RequestContextModule } from '@townhall/platform';
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
      imports: [
        ConfigModule.forApp(SandboxConfig, config),
        RequestContextModule,
        LoggingModule.forApp('sandbox'),
        AccessModule,
        HealthModule.forApp({ database: false, redis: false }),
      ],
    };
  }
}
