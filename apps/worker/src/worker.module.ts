import { type DynamicModule, Module } from '@nestjs/common';
import { BookingsJobsModule, BookingsModule } from '@townhall/bookings';
import { CasesJobsModule } from '@townhall/cases';
import { CatalogueModule } from '@townhall/catalogue';
import { EntitlementsJobsModule } from '@townhall/entitlements';
import { StaffModule } from '@townhall/identity';
import { IntegrationsJobsModule } from '@townhall/integrations';
import { NotificationsJobsModule } from '@townhall/notifications';
import { PaymentsJobsModule } from '@townhall/payments';
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
        BookingsModule,
        TenancyJobsModule,
        CasesJobsModule,
        NotificationsJobsModule,
        // Webhooks: a channel of the outbox's delivery (registered with NotificationsJobsModule's job).
        IntegrationsJobsModule,
        EntitlementsJobsModule,
        BookingsJobsModule,
        // Expires payments whose session ran out (tells bookings to release the hold).
        PaymentsJobsModule,
      ],
    };
  }
}
