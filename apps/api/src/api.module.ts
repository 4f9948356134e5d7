import { type DynamicModule, Module } from '@nestjs/common';
import { CatalogueHttpModule } from '@townhall/catalogue';
import {
  AccessModule,
  ConfigModule,
  DatabaseModule,
  HealthModule,
  LoggingModule,
  QueueModule,
  RedisModule,
  RequestContextModule,
} from '@townhall/platform';
import { TenancyModule, TenantHostModule } from '@townhall/tenancy';
import { ApiConfig } from './api.config.js';

/** The tenant host: every request belongs to the municipality its Host names. */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forApp(ApiConfig, config),
        RequestContextModule,
        LoggingModule.forApp('api'),
        DatabaseModule.forApp({ name: 'api' }),
        RedisModule,
        QueueModule.forApp(),
        AccessModule,
        HealthModule.forApp({ database: true, redis: true }),
        TenancyModule,
        TenantHostModule,
        CatalogueHttpModule,
      ],
    };
  }
}
