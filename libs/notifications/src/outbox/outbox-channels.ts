import { Injectable, Logger } from '@nestjs/common';
import type { TenantRef } from '@townhall/tenancy';
import type { OutboxEventEntity } from '../domain/outbox-event.entity.js';

/** The municipality an event belongs to, as the job read it. */
export interface OutboxTenant extends TenantRef {
  name: string;
}

/**
 * A way out for outbox events that another library owns, beside the inbox, e-mail, SMS and
 * post of this one: the integrations library's webhooks. This library knows nothing of it
 * but this interface; the other library registers its channel (`OutboxChannels.register`) when
 * the worker starts, and `DeliverEventJob` runs it with every event:
 * 1. `claim`, in the event's tenant transaction: the channel plans its deliveries of the event
 *    (idempotently: a unique key of its own) and claims those due with a lease, as the
 *    deliveries of e-mail and SMS are;
 * 2. `deliver`, outside any transaction, for each claimed one: sends it and records the
 *    outcome in a transaction of its own (`TenantDatabase.runAs(tenant)`); answers the error
 *    when it did not go. A failure makes the job try again with its backoff, like the other
 *    channels'; on the job's last attempt the channel gives the delivery up;
 * 3. `unfinished`, in a tenant transaction: whether any of the event's deliveries is still to
 *    be sent. The event stays open (not processed) while one is.
 */
export interface OutboxChannel<D = unknown> {
  /** For logs and errors ("webhook"). */
  readonly name: string;
  claim(event: OutboxEventEntity, tenant: OutboxTenant): Promise<{ claimed: D[]; waiting: number }>;
  deliver(delivery: D, tenant: TenantRef, lastAttempt: boolean): Promise<string | null>;
  unfinished(outboxId: string): Promise<boolean>;
}

/** A claimed delivery of another library's channel, with its channel. */
export interface ChannelDelivery {
  channel: OutboxChannel;
  delivery: unknown;
}

/** The channels other libraries registered (see OutboxChannel). */
@Injectable()
export class OutboxChannels {
  private readonly logger = new Logger(OutboxChannels.name);
  private readonly channels: OutboxChannel[] = [];

  register(channel: OutboxChannel): void {
    if (this.channels.some((c) => c.name === channel.name)) throw new Error(`outbox channel ${channel.name} twice`);
    this.channels.push(channel as OutboxChannel);
  }

  /** In the event's tenant transaction: every channel's deliveries of the event, planned and claimed. */
  async claim(
    event: OutboxEventEntity,
    tenant: OutboxTenant,
  ): Promise<{ claimed: ChannelDelivery[]; waiting: number }> {
    const claimed: ChannelDelivery[] = [];
    let waiting = 0;
    for (const channel of this.channels) {
      const found = await channel.claim(event, tenant);
      claimed.push(...found.claimed.map((delivery) => ({ channel, delivery })));
      waiting += found.waiting;
    }
    return { claimed, waiting };
  }

  /**
   * Sends the claimed deliveries side by side (each channel bounds its own wait), each
   * recording its outcome. Answers the failures, "<channel>: <error>".
   */
  async deliver(claimed: ChannelDelivery[], tenant: TenantRef, lastAttempt: boolean): Promise<string[]> {
    const outcomes = await Promise.all(
      claimed.map(async ({ channel, delivery }) => {
        try {
          const error = await channel.deliver(delivery, tenant, lastAttempt);
          return error === null ? null : `${channel.name}: ${error}`;
        } catch (error) {
          this.logger.warn({ err: error, channel: channel.name }, 'a channel failed to deliver or record');
          return `${channel.name}: ${(error as Error).message ?? String(error)}`;
        }
      }),
    );
    return outcomes.filter((o): o is string => o !== null);
  }

  /** In a tenant transaction: whether a channel still has a delivery of the event to send. */
  async unfinished(outboxId: string): Promise<boolean> {
    for (const channel of this.channels) if (await channel.unfinished(outboxId)) return true;
    return false;
  }
}
