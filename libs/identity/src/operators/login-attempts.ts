import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Injectable, type OnModuleInit } from '@nestjs/common';
import { PlatformConfig, RedisConnections } from '@townhall/platform';
import type { Redis } from 'ioredis';

const WINDOW_SECONDS = 15 * 60;
const PER_ACCOUNT = 10;
const PER_CLIENT = 30;

/**
 * Counts failed operator logins in Redis, per account and per client address, for 15
 * minutes: password guessing is slowed to a crawl, and a flood of scrypt work is refused
 * before it starts. A successful login clears the account's count.
 */
@Injectable()
export class LoginAttempts implements OnModuleInit {
  private redis: Redis;
  private readonly prefix: string;

  constructor(
    private readonly connections: RedisConnections,
    config: PlatformConfig,
  ) {
    this.prefix = `${config.QUEUE_PREFIX}:operator-login:`;
  }

  onModuleInit(): void {
    this.redis = this.connections.open('operator-login-attempts');
  }

  /** Refuses with 429 when the account or the client has failed too often. */
  async check(email: string, client: string): Promise<void> {
    const [account, address] = await this.redis.mget(this.key('a', email), this.key('c', client));
    if (Number(account ?? 0) >= PER_ACCOUNT || Number(address ?? 0) >= PER_CLIENT) {
      throw new HttpException('Too many failed logins. Try again in 15 minutes.', HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  async failed(email: string, client: string): Promise<void> {
    await this.redis
      .multi()
      .incr(this.key('a', email))
      .expire(this.key('a', email), WINDOW_SECONDS)
      .incr(this.key('c', client))
      .expire(this.key('c', client), WINDOW_SECONDS)
      .exec();
  }

  async succeeded(email: string): Promise<void> {
    await this.redis.del(this.key('a', email));
  }

  private key(kind: 'a' | 'c', value: string): string {
    return this.prefix + kind + ':' + createHash('sha256').update(value.toLowerCase()).digest('hex');
  }
}
