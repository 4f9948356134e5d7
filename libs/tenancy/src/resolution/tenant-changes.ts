import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PlatformConfig, RedisConnections } from '@townhall/platform';
import type { Redis } from 'ioredis';

type Listener = (tenantId: string) => void;

/**
 * Tells every process of the deployment that a tenant changed (created, activated,
 * suspended, settings), over Redis pub/sub, so caches of tenants are dropped at once.
 */
@Injectable()
export class TenantChanges implements OnModuleInit {
  private publisher?: Redis;
  private readonly listeners: Listener[] = [];
  private readonly channel: string;

  constructor(
    private readonly connections: RedisConnections,
    config: PlatformConfig,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:tenants:changed`;
  }

  async onModuleInit(): Promise<void> {
    const subscriber = this.connections.open('tenant-changes-subscriber');
    subscriber.on('message', (_channel: string, tenantId: string) => this.notify(tenantId));
    // After a reconnect we may have missed messages: drop everything to be safe.
    subscriber.on('ready', () => this.notify('*'));
    await subscriber.subscribe(this.channel);
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Announces a change; this process forgets at once, the others on the message. */
  async published(tenantId: string): Promise<void> {
    this.notify(tenantId);
    this.publisher ??= this.connections.open('tenant-changes-publisher');
    await this.publisher.publish(this.channel, tenantId);
  }

  private notify(tenantId: string): void {
    for (const listener of this.listeners) listener(tenantId);
  }
}
