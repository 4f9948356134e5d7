import { Controller, Get, type DynamicModule, Module, Injectable, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { RedisConnections } from '../redis/redis-connections.js';
import { Public } from '../http/access.js';
import type { Redis } from 'ioredis';

/** PINGs Redis on a connection of its own. */
@Injectable()
export class RedisHealthIndicator {
  private redis?: Redis;
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Optional() private readonly connections?: RedisConnections,
  ) {}

  async ping(key = 'redis') {
    const check = this.indicator.check(key);
    if (!this.connections) return check.up({ message: 'not used by this app' });
    this.redis ??= this.connections.open('health');
    try {
      const answer = await Promise.race([
        this.redis.ping(),
        new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000)),
      ]);
      return check.up({ answer });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}

export interface HealthOptions {
  database: boolean;
  redis: boolean;
}

function healthController(options: HealthOptions) {
  @ApiTags('operations')
  @Controller()
  class HealthController {
    constructor(
      private readonly health: HealthCheckService,
      private readonly redis: RedisHealthIndicator,
      @Optional() private readonly db?: TypeOrmHealthIndicator,
    ) {}

    @Get('health')
    @Public()
    @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
    @HealthCheck()
    live() {
      return this.health.check([]);
    }

    @Get('ready')
    @Public()
    @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer' })
    @HealthCheck()
    ready() {
      return this.health.check([
        ...(options.database && this.db ? [() => this.db!.pingCheck('postgres', { timeout: 1000 })] : []),
        ...(options.redis ? [() => this.redis.ping()] : []),
      ]);
    }
  }
  return HealthController;
}

/** /health (liveness) and /ready (dependencies) on every app. */
@Module({})
export class HealthModule {
  static forApp(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [healthController(options)],
      providers: [RedisHealthIndicator],
    };
  }
}
