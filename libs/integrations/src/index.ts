export * from './domain/api-key-scopes.js';
export * from './domain/api-key.entity.js';
export * from './domain/integrations.exception.js';
export * from './access/api-client.js';
export * from './access/api-key-access.policy.js';
export * from './persistence/api-keys.repository.js';
export * from './use-cases/create-api-key.use-case.js';
export * from './use-cases/revoke-api-key.use-case.js';
export * from './http/dto/api-key.response.dto.js';
export * from './domain/webhook-events.js';
export * from './domain/webhook-signature.js';
export * from './domain/webhook-body.js';
export * from './domain/webhook-subscription.entity.js';
export * from './domain/webhook-delivery.entity.js';
export * from './http/dto/webhook.response.dto.js';
export * from './integrations.module.js';

import type { DocumentBuilder } from '@nestjs/swagger';
import { ApiKeyEntity } from './domain/api-key.entity.js';
import { WebhookDeliveryEntity } from './domain/webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from './domain/webhook-subscription.entity.js';
import { CreateApiKeys1764002500000 } from './persistence/migrations/1764002500000-CreateApiKeys.js';
import { CreateWebhooks1764003500000 } from './persistence/migrations/1764003500000-CreateWebhooks.js';

/** The OpenAPI security scheme of API keys, named `apiKey` (routes say `@ApiBearerAuth('apiKey')`). */
export const API_KEY_SECURITY_SCHEME: Parameters<DocumentBuilder['addSecurity']>[1] = {
  type: 'http',
  scheme: 'bearer',
  description:
    'An API key of the municipality whose host is called (th_…), made by one of its admins at /office/settings/api-keys. Sent as Authorization: Bearer <key>.',
};

export const integrationsMigrations = [CreateApiKeys1764002500000, CreateWebhooks1764003500000];
export const integrationsEntities = [ApiKeyEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity];
