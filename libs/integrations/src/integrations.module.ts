import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffModule } from '@townhall/identity';
import { NotificationsModule } from '@townhall/notifications';
import { SecretBox } from '@townhall/platform';
import { ApiKeyAccessPolicy } from './access/api-key-access.policy.js';
import { WebhookOutboxChannel } from './channel/webhook-outbox.channel.js';
import { WebhookSender } from './channel/webhook-sender.js';
import { ApiKeyEntity } from './domain/api-key.entity.js';
import { WebhookDeliveryEntity } from './domain/webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from './domain/webhook-subscription.entity.js';
import { ApiKeysController } from './http/api-keys.controller.js';
import { WebhooksController } from './http/webhooks.controller.js';
import { ApiKeysRepository } from './persistence/api-keys.repository.js';
import { WebhookDeliveriesRepository } from './persistence/webhook-deliveries.repository.js';
import { WebhookSubscriptionsRepository } from './persistence/webhook-subscriptions.repository.js';
import { CreateApiKeyUseCase } from './use-cases/create-api-key.use-case.js';
import { CreateWebhookSubscriptionUseCase } from './use-cases/create-webhook-subscription.use-case.js';
import { ManageWebhookSubscriptionUseCase } from './use-cases/manage-webhook-subscription.use-case.js';
import { ResendWebhookDeliveryUseCase } from './use-cases/resend-webhook-delivery.use-case.js';
import { RevokeApiKeyUseCase } from './use-cases/revoke-api-key.use-case.js';

const exported = [
  ApiKeysRepository,
  CreateApiKeyUseCase,
  RevokeApiKeyUseCase,
  WebhookSubscriptionsRepository,
  WebhookDeliveriesRepository,
  CreateWebhookSubscriptionUseCase,
  ManageWebhookSubscriptionUseCase,
  ResendWebhookDeliveryUseCase,
];

/** API keys and webhooks: the data and the use cases. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ApiKeyEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity]),
    // The outbox: a resend opens its event again.
    NotificationsModule,
  ],
  providers: [...exported, SecretBox],
  exports: [...exported, SecretBox],
})
export class IntegrationsModule {}

/**
 * For the tenant host: the `api-key` and `staff-or-api-key` access policies, and the admins'
 * pages and JSON of API keys and webhooks.
 */
@Module({
  imports: [IntegrationsModule, StaffModule],
  controllers: [ApiKeysController, WebhooksController],
  providers: [ApiKeyAccessPolicy],
})
export class IntegrationsHttpModule {}

/** For the worker: webhooks as a channel of the outbox (registered with the notifications' OutboxChannels). */
@Module({
  imports: [IntegrationsModule, NotificationsModule],
  providers: [WebhookOutboxChannel, WebhookSender],
})
export class IntegrationsJobsModule {}
