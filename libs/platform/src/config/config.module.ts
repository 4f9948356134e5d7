import { type DynamicModule, Global, Module } from '@nestjs/common';
import { loadConfig } from './load-config.js';
import { BaseConfig, PlatformConfig } from './platform.config.js';

/**
 * Validates the app's configuration once at start-up and provides it both under the
 * app's own class and under the shared base classes it extends (BaseConfig, PlatformConfig), so libraries can ask for the part they know.
 */
@Global()
@Module({})
export class ConfigModule {
  static forApp<T extends object>(cls: new () => T, config: T = loadConfig(cls)): DynamicModule {
    const tokens = [cls, BaseConfig, PlatformConfig].filter(
      (token, i) => i === 0 || config instanceof token,
    ) as (new () => object)[];
    return {
      module: ConfigModule,
      providers: tokens.map((provide) => ({ provide, useValue: config })),
      exports: tokens,
    };
  }
}
