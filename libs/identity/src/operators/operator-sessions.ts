import { createHash, randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PlatformConfig, RedisConnections } from '@townhall/platform';
import type { Redis } from 'ioredis';

const IDLE_SECONDS = 60 * 60;
const ABSOLUTE_MS = 8 * 60 * 60 * 1000;

interface StoredSession {
  operatorId: string;
  createdAt: number;
}

/**
 * Bearer tokens of operators, kept in Redis by their SHA-256 (a leaked Redis dump holds no
 * usable token). Idle for an hour or older than eight hours, a token is worthless.
 */
@Injectable()
export class OperatorSessions implements OnModuleInit {
  private redis: Redis;
  private readonly prefix: string;

  constructor(
    private readonly connections: RedisConnections,
    config: PlatformConfig,
  ) {
    this.prefix = `${config.QUEUE_PREFIX}:operator-session:`;
  }

  onModuleInit(): void {
    this.redis = this.connections.open('operator-sessions');
  }

  async open(operatorId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const session: StoredSession = { operatorId, createdAt: Date.now() };
    await this.redis.set(this.key(token), JSON.stringify(session), 'EX', IDLE_SECONDS);
    return { token, expiresAt: new Date(session.createdAt + ABSOLUTE_MS) };
  }

  /** The operator of a live token, refreshing its idle timeout; null when it is not live. */
  async operatorOf(token: string): Promise<string | null> {
    const key = this.key(token);
    const raw = await this.redis.get(key);
    if (!raw) return null;
    const session = JSON.parse(raw) as StoredSession;
    if (Date.now() - session.createdAt > ABSOLUTE_MS) {
      await this.redis.del(key);
      return null;
    }
    await this.redis.expire(key, IDLE_SECONDS);
    return session.operatorId;
  }

  async close(token: string): Promise<void> {
    await this.redis.del(this.key(token));
  }

  private key(token: string): string {
    return this.prefix + createHash('sha256').update(token).digest('hex');
  }
}
