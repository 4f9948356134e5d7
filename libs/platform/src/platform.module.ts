import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { PlatformConfig, type BaseConfig } from './config/platform.config.js';
import { RequestContextModule } from './context/request-context.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ProblemPagesModule } from './errors/problem-details.filter.js';
import { HealthModule } from './health/health.module.js';
import { AccessModule } from './http/access.js';
import { RateLimitModule } from './http/rate-limits.js';
import { LoggingModule } from './logging/logging.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisPolicyCheck } from './redis/redis-policy.check.js';
import { RedisModule } from './redis/redis.module.js';

/**
 * What every app of Townhall runs on: its validated configuration, the request context,
 * JSON logs, deny-by-default access, health; and, for apps with a PostgreSQL and Redis
 * configuration (PlatformConfig), the database as the app role, Redis and the queues.
 */
@Module({})
export class PlatformModule {
  static forApp<T extends BaseConfig>(app: string, configClass: new () => T, config: T): DynamicModule {
    const withData = config instanceof PlatformConfig;
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forApp(configClass, config),
        RequestContextModule,
        LoggingModule.forApp(app),
        AccessModule,
        ProblemPagesModule,
        HealthModule.forApp({ database: withData, redis: withData }),
        ...(withData ? [DatabaseModule.forApp({ name: app }), RedisModule, QueueModule.forApp(), RateLimitModule] : []),
      ],
      // Bull loses jobs on a Redis that evicts keys: the apps refuse to run on one.
      providers: withData ? [RedisPolicyCheck] : [],
    };
  }
}
