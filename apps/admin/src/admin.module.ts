import { type DynamicModule, Module } from '@nestjs/common';
import { BookingsModule } from '@townhall/bookings';
import { CatalogueModule } from '@townhall/catalogue';
import { OperatorAccessModule } from '@townhall/identity';
import { PaymentsSetupModule } from '@townhall/payments';
import { PlatformModule, QueueInspectionModule } from '@townhall/platform';
import { TenancyAdminModule, TenancyModule } from '@townhall/tenancy';
import { WebModule } from '@townhall/web';
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
        // Its provisioning step checks a new municipality's services before it is accepted.
        CatalogueModule,
        // …and so does the bookings library's, for its institutions and resources.
        BookingsModule,
        // …and the payments library's, for the payment methods and the gateway.
        PaymentsSetupModule,
        WebModule,
        OperatorAccessModule.forApp({
          provider: {
            issuer: config.OPERATOR_OIDC_ISSUER,
            clientId: config.OPERATOR_OIDC_CLIENT_ID,
            clientSecret: config.OPERATOR_OIDC_CLIENT_SECRET,
          },
          passwordLogin: config.OPERATOR_PASSWORD_LOGIN === 'enabled',
        }),
        TenancyAdminModule,
        QueueInspectionModule.forApp(),
      ],
    };
  }
}
