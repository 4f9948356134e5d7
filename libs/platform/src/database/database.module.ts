import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformConfig } from '../config/platform.config.js';
import { AppRoleCheck } from './app-role.check.js';
import { PreparingClient } from './preparing-client.js';

/**
 * The app's one DataSource, connected as the app role. Entities are registered by the
 * libraries that own them (TypeOrmModule.forFeature), never discovered by file globs.
 */
@Module({})
export class DatabaseModule {
  static forApp(options: { name: string }): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [PlatformConfig],
          useFactory: (config: PlatformConfig) => ({
            type: 'postgres' as const,
            url: config.DATABASE_URL,
            autoLoadEntities: true,
            synchronize: false,
            migrationsRun: false,
            applicationName: `townhall-${options.name}`,
            poolSize: config.DATABASE_POOL_SIZE,
            extra: {
              // Queries queued on a connection go out without waiting for the previous answer:
              // a tenant transaction's BEGIN and set_config travel with its first query
              // (TenantDatabase), one round trip instead of three.
              pipeline: true,
              // Repeated statements are planned once per connection, not on every run.
              Client: PreparingClient,
              connectionTimeoutMillis: 5000,
              idleTimeoutMillis: 30000,
              // No request waits for ever on a lock, and no forgotten transaction holds one.
              statement_timeout: 30_000,
              idle_in_transaction_session_timeout: 60_000,
            },
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [AppRoleCheck],
    };
  }
}
