import { type DynamicModule, Module } from '@nestjs/common';
import { BookingsHttpModule } from '@townhall/bookings';
import { CasesHttpModule } from '@townhall/cases';
import { CatalogueHttpModule } from '@townhall/catalogue';
import { EntitlementsHttpModule } from '@townhall/entitlements';
import { CitizenIdentityModule, OfficeIdentityModule } from '@townhall/identity';
import { IntegrationsHttpModule } from '@townhall/integrations';
import { NotificationsHttpModule } from '@townhall/notifications';
import { PaymentsHttpModule } from '@townhall/payments';
import { PlatformModule } from '@townhall/platform';
import { TenancyModule, TenantHostModule } from '@townhall/tenancy';
import { WebModule } from '@townhall/web';
import { ApiConfig } from './api.config.js';

/** The tenant host: every request belongs to the municipality its Host names. */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forApp('api', ApiConfig, config),
        TenancyModule,
        TenantHostModule,
        WebModule,
        CatalogueHttpModule,
        CasesHttpModule,
        NotificationsHttpModule,
        EntitlementsHttpModule,
        CitizenIdentityModule,
        OfficeIdentityModule,
        IntegrationsHttpModule,
        BookingsHttpModule,
        PaymentsHttpModule,
      ],
    };
  }
}
