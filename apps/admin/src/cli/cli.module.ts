import { type DynamicModule, Module } from '@nestjs/common';
import { BookingsModule } from '@townhall/bookings';
import { CatalogueModule } from '@townhall/catalogue';
import { OperatorsModule, StaffModule } from '@townhall/identity';
import { PaymentsSetupModule } from '@townhall/payments';
import { ConfigModule, DatabaseModule, RedisModule, RequestContextModule } from '@townhall/platform';
import { TenancyModule } from '@townhall/tenancy';
import { CliConfig } from './cli.config.js';

/** What the CLI's commands need: the data, the provisioning steps, no HTTP. */
@Module({})
export class CliModule {
  static forRoot(config: CliConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forApp(CliConfig, config),
        RequestContextModule,
        DatabaseModule.forApp({ name: 'cli' }),
        RedisModule,
        TenancyModule,
        CatalogueModule,
        StaffModule,
        BookingsModule,
        PaymentsSetupModule,
        OperatorsModule,
      ],
    };
  }
}
