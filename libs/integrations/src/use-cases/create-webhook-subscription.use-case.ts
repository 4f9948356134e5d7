import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { PlatformConfig, SecretBox } from '@townhall/platform';
import { currentTenant, TenantDatabase } from '@townhall/tenancy';
import { IntegrationsException, IntegrationsExceptionCode } from '../domain/integrations.exception.js';
import type { WebhookEvent } from '../domain/webhook-events.js';
import { newWebhookSecret } from '../domain/webhook-signature.js';
import type { WebhookSubscriptionEntity } from '../domain/webhook-subscription.entity.js';
import {
  WEBHOOK_URL_PROBLEMS,
  webhookTargetMode,
  type WebhookUrlProblem,
  webhookUrlProblem,
} from '../domain/webhook-target.js';
import { WebhookSubscriptionsRepository } from '../persistence/webhook-subscriptions.repository.js';
import { webhookSecretContext } from './webhook-secret-context.js';

export interface CreateWebhookSubscription {
  url: string;
  description: string;
  events: WebhookEvent[];
  /** The admin making it. */
  createdBy: string;
}

/** A URL the deployment's rule does not allow (webhook-target.ts), naming the field. */
export class WebhookUrlRefusedException extends IntegrationsException {
  constructor(readonly problem: WebhookUrlProblem) {
    super(WEBHOOK_URL_PROBLEMS[problem], IntegrationsExceptionCode.WebhookUrlRefused, [
      { field: 'url', message: WEBHOOK_URL_PROBLEMS[problem] },
    ]);
  }
}

export function checkWebhookUrl(url: string, nodeEnv: string): void {
  const problem = webhookUrlProblem(url, webhookTargetMode(nodeEnv));
  if (problem) throw new WebhookUrlRefusedException(problem);
}

/**
 * Subscribes one of the municipality's systems to events. The signing secret is returned
 * once, to be shown to the admin; it is kept sealed with the platform's key.
 */
@Injectable()
export class CreateWebhookSubscriptionUseCase {
  private readonly logger = new Logger(CreateWebhookSubscriptionUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly secrets: SecretBox,
    private readonly config: PlatformConfig,
  ) {}

  async execute(
    input: CreateWebhookSubscription,
  ): Promise<{ subscription: WebhookSubscriptionEntity; secret: string }> {
    checkWebhookUrl(input.url, this.config.NODE_ENV);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const subscription = await this.tenantDb.run(() =>
      this.subscriptions.insert({
        id,
        url: input.url,
        description: input.description,
        events: [...new Set(input.events)],
        secretSealed: this.secrets.seal(secret, webhookSecretContext(currentTenant().id, id)),
        createdBy: input.createdBy,
      }),
    );
    this.logger.log(
      { webhook: id, host: new URL(input.url).host, events: subscription.events, createdBy: input.createdBy },
      'webhook subscription created',
    );
    return { subscription, secret };
  }
}
