import { type DynamicModule, Module } from '@nestjs/common';
import { OperatorAccessModule } from '@townhall/identity';
import {
  AccessModule,
  ConfigModule,
  DatabaseModule,
  HealthModule,
  LoggingModule,
  QueueInspectionModule,
  QueueModule,
  RedisModule,
  RequestContextModule,
} from '@townhall/platform';
import { TenancyAdminModule, TenancyModule } from '@townhall/tenancy';
import { AdminConfig } from './admin.config.js';

/** The platform operators' app: the only one with a view across municipalities. */
@Module({})
export class AdminModule {
  static forRoot(config: AdminConfig): DynamicModule {
    return {
      module: AdminModule,
      imports: [
        ConfigModule.forApp(AdminConfig, config),
        RequestContextModule,
        LoggingModule.forApp('admin'),
        DatabaseModule.forApp({ name: 'admin' }),
        RedisModule,
        QueueModule.forApp(),
        AccessModule,
        HealthModule.forApp({ database: true, redis: true }),
        TenancyModule,
        OperatorAccessModule,
        TenancyAdminModule,
        QueueInspectionModule.forApp(),
      ],
    };
  }
}
