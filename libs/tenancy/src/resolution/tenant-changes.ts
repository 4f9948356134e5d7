import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { PlatformConfig, RedisConnections } from '@townhall/platform';
import type { Redis } from 'ioredis';

type Listener = (tenantId: string) => void;

/**
 * Tells every process of the deployment that a tenant changed (created, activated,
 * suspended, settings), over Redis pub/sub, so caches of tenants are dropped at once.
 */
@Injectable()
export class TenantChanges implements OnModuleInit {
  private readonly logger = new Logger(TenantChanges.name);
  private publisher?: Redis;
  private readonly listeners: Listener[] = [];
  private readonly channel: string;

  constructor(
    private readonly connections: RedisConnections,
    config: PlatformConfig,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:tenants:changed`;
  }

  onModuleInit(): void {
    const subscriber = this.connections.open('tenant-changes-subscriber');
    subscriber.on('message', (_channel: string, tenantId: string) => this.notify(tenantId));
    // After a reconnect we may have missed messages: drop everything to be safe.
    subscriber.on('ready', () => this.notify('*'));
    // Not awaited: start-up must not hang on Redis; the Redis check reports an outage.
    subscriber.subscribe(this.channel).catch(() => undefined);
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /**
   * Announces a committed change; this process forgets at once, the others on the message.
   * When Redis cannot take it, the change stands: the others' caches expire within a minute.
   */
  async published(tenantId: string): Promise<void> {
    this.notify(tenantId);
    this.publisher ??= this.connections.open('tenant-changes-publisher');
    try {
      await this.publisher.publish(this.channel, tenantId);
    } catch (error) {
      this.logger.warn({ tenantId, err: error }, 'tenant change not announced; other processes catch up by expiry');
    }
  }

  private notify(tenantId: string): void {
    for (const listener of this.listeners) listener(tenantId);
  }
}
