import { type DynamicModule, Module } from '@nestjs/common';
import { OperatorAccessModule } from '@townhall/identity';
import { PlatformModule, QueueInspectionModule } from '@townhall/platform';
import { TenancyAdminModule, TenancyModule } from '@townhall/tenancy';
import { AdminConfig } from './admin.config.js';

/** The platform operators' app: the only one with a view across municipalities. */
@Module({})
export class AdminModule {
  static forRoot(config: AdminConfig): DynamicModule {
    return {
      module: AdminModule,
      imports: [
        PlatformModule.forApp('admin', AdminConfig, config),
        TenancyModule,
        OperatorAccessModule,
        TenancyAdminModule,
        QueueInspectionModule.forApp(),
      ],
    };
  }
}
