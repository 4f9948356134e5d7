import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { PlatformConfig } from '../config/platform.config.js';

/** Opens Redis connections for the app and closes them all at shutdown. */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly opened: Redis[] = [];

  constructor(@Inject(PlatformConfig) private readonly config: PlatformConfig) {}

  /** A new connection; subscribers need their own. */
  open(purpose: string): Redis {
    const redis = new Redis(this.config.REDIS_URL, {
      connectionName: `townhall-${purpose}`,
      maxRetriesPerRequest: 3,
      enableReadyCheck: true,
    });
    redis.on('error', () => undefined); // reconnects by itself; /ready reports the outage
    this.opened.push(redis);
    return redis;
  }

  /** Closes one connection before shutdown (a one-off check). */
  async close(redis: Redis): Promise<void> {
    this.opened.splice(this.opened.indexOf(redis), 1);
    await redis.quit().catch(() => redis.disconnect());
  }

  async onApplicationShutdown(): Promise<void> {
    const open = this.opened.filter((r) => r.status !== 'end');
    await Promise.all(open.map((r) => r.quit().catch(() => r.disconnect())));
  }
}
