import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigurationError } from '../config/load-config.js';
import { RedisConnections } from './redis-connections.js';

/**
 * Bull keeps jobs in Redis: a Redis that evicts keys under memory pressure loses jobs
 * silently, so the apps refuse to start against one.
 */
@Injectable()
export class RedisPolicyCheck implements OnApplicationBootstrap {
  constructor(private readonly connections: RedisConnections) {}

  async onApplicationBootstrap(): Promise<void> {
    const redis = this.connections.open('policy-check');
    try {
      const reply = (await redis.config('GET', 'maxmemory-policy').catch((error: Error) => {
        throw new ConfigurationError([`REDIS_URL: cannot connect: ${error.message.split('\n')[0]}`]);
      })) as string[];
      const policy = reply[1];
      if (policy !== 'noeviction') {
        throw new ConfigurationError([
          `REDIS_URL: Redis has maxmemory-policy "${policy}"; Townhall's job queues need "noeviction" (set maxmemory-policy noeviction in redis.conf)`,
        ]);
      }
    } finally {
      await this.connections.close(redis);
    }
  }
}
