import { type DynamicModule, Module } from '@nestjs/common';
import { CasesJobsModule } from '@townhall/cases';
import { CatalogueModule } from '@townhall/catalogue';
import { StaffModule } from '@townhall/identity';
import { NotificationsJobsModule } from '@townhall/notifications';
import { PlatformModule } from '@townhall/platform';
import { TenancyJobsModule, TenancyModule } from '@townhall/tenancy';
import { WorkerConfig } from './worker.config.js';

/** Runs every library's jobs. No controllers but health. */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forApp('worker', WorkerConfig, config),
        TenancyModule,
        // Provisioning runs every library's step: the libraries with steps are imported here.
        CatalogueModule,
        StaffModule,
        TenancyJobsModule,
        CasesJobsModule,
        NotificationsJobsModule,
      ],
    };
  }
}
