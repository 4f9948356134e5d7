import { type DynamicModule, Module } from '@nestjs/common';
import { CatalogueModule } from '@townhall/catalogue';
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
import { TenancyJobsModule, TenancyModule } from '@townhall/tenancy';
import { WorkerConfig } from './worker.config.js';

/** Runs every library's jobs. No controllers but health. */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forApp(WorkerConfig, config),
        RequestContextModule,
        LoggingModule.forApp('worker'),
        DatabaseModule.forApp({ name: 'worker' }),
        RedisModule,
        QueueModule.forApp(),
        AccessModule,
        HealthModule.forApp({ database: true, redis: true }),
        TenancyModule,
        CatalogueModule,
        TenancyJobsModule,
      ],
    };
  }
}
