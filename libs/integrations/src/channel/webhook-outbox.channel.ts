import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type OutboxChannel, OutboxChannels, type OutboxEventEntity, type OutboxTenant } from '@townhall/notifications';
import { SecretBox } from '@townhall/platform';
import { TenantDatabase, type TenantRef } from '@townhall/tenancy';
import { webhookBodyOf } from '../domain/webhook-body.js';
import { isWebhookEvent } from '../domain/webhook-events.js';
import { type ClaimedWebhook, WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository.js';
import { webhookSecretContext } from '../use-cases/webhook-secret-context.js';
import { WebhookSender } from './webhook-sender.js';

/**
 * Webhooks as a channel of the outbox (the seam: notifications' OutboxChannel, registered
 * here; that library knows nothing of subscriptions or secrets). Each outbox event the
 * worker handles gets a delivery per enabled subscription that asks for its type, in
 * webhook_deliveries, a table of this library's own: the e-mail and SMS deliveries table
 * keys one delivery per channel and has no place for a subscription, a receiver's HTTP status
 * or a body kept byte for byte. Retries are the event job's (exponential backoff,
 * NOTIFICATION_ATTEMPTS tries); each attempt is signed afresh.
 */
@Injectable()
export class WebhookOutboxChannel implements OutboxChannel<ClaimedWebhook>, OnModuleInit {
  readonly name = 'webhook';
  private readonly logger = new Logger(WebhookOutboxChannel.name);

  constructor(
    private readonly channels: OutboxChannels,
    private readonly tenantDb: TenantDatabase,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly sender: WebhookSender,
    private readonly secrets: SecretBox,
  ) {}

  onModuleInit(): void {
    this.channels.register(this);
  }

  async claim(event: OutboxEventEntity, tenant: OutboxTenant): Promise<{ claimed: ClaimedWebhook[]; waiting: number }> {
    if (!isWebhookEvent(event.event)) return { claimed: [], waiting: 0 };
    return this.deliveries.planAndClaim(
      event,
      webhookBodyOf(event as OutboxEventEntity & { event: typeof event.event }, tenant.slug),
    );
  }

  async deliver(webhook: ClaimedWebhook, tenant: TenantRef, lastAttempt: boolean): Promise<string | null> {
    let secret: string;
    try {
      secret = this.secrets.open(webhook.secretSealed, webhookSecretContext(tenant.id, webhook.subscriptionId));
    } catch (error) {
      const message = `the signing secret cannot be read (${(error as Error).message}); rotate the secret`;
      await this.tenantDb.runAs(tenant, () =>
        this.deliveries.failedAttempt(webhook.id, { httpStatus: null, error: message }, lastAttempt),
      );
      return message;
    }
    const outcome = await this.sender.send({
      url: webhook.url,
      secret,
      webhookId: webhook.id,
      event: webhook.event,
      body: webhook.body,
    });
    const context = {
      webhookId: webhook.id,
      subscriptionId: webhook.subscriptionId,
      event: webhook.event,
      attempt: webhook.attempts,
      httpStatus: outcome.httpStatus,
    };
    if (outcome.delivered) {
      await this.tenantDb.runAs(tenant, () => this.deliveries.delivered(webhook.id, outcome.httpStatus));
      this.logger.log(context, 'webhook delivered');
      return null;
    }
    await this.tenantDb.runAs(tenant, () =>
      this.deliveries.failedAttempt(webhook.id, { httpStatus: outcome.httpStatus, error: outcome.error }, lastAttempt),
    );
    this.logger.warn({ ...context, error: outcome.error, givenUp: lastAttempt }, 'webhook not delivered');
    return outcome.error;
  }

  unfinished(outboxId: string): Promise<boolean> {
    return this.deliveries.unfinished(outboxId);
  }
}
