import { Injectable, Logger } from '@nestjs/common';
import { SecretBox } from '@townhall/platform';
import { currentTenant, TenantDatabase } from '@townhall/tenancy';
import { IntegrationsException, IntegrationsExceptionCode } from '../domain/integrations.exception.js';
import { newWebhookSecret } from '../domain/webhook-signature.js';
import type { WebhookSubscriptionEntity } from '../domain/webhook-subscription.entity.js';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository.js';
import { WebhookSubscriptionsRepository } from '../persistence/webhook-subscriptions.repository.js';
import { webhookSecretContext } from './webhook-secret-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const noSuchWebhook = () =>
  new IntegrationsException('There is no such webhook.', IntegrationsExceptionCode.WebhookNotFound);

/**
 * What an admin does to a subscription after making it: disable it (what it still had to
 * send is cancelled) or enable it again, replace its secret (the new one is returned once and
 * signs from the next attempt on; the old one stops at once), or delete it with its
 * deliveries. Another municipality's subscription is not found, like a missing one.
 */
@Injectable()
export class ManageWebhookSubscriptionUseCase {
  private readonly logger = new Logger(ManageWebhookSubscriptionUseCase.name);

  constructor(
    private readonly tenantDb: TenantDatabase,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly secrets: SecretBox,
  ) {}

  /** The subscription, or a 404 (a malformed id too). */
  async find(id: string): Promise<WebhookSubscriptionEntity> {
    const found = UUID.test(id) ? await this.tenantDb.read(() => this.subscriptions.findById(id)) : null;
    if (!found) throw noSuchWebhook();
    return found;
  }

  async setEnabled(input: { id: string; enabled: boolean; by: string }): Promise<WebhookSubscriptionEntity> {
    return this.tenantDb.run(async () => {
      const subscription = UUID.test(input.id) ? await this.subscriptions.findById(input.id) : null;
      if (!subscription) throw noSuchWebhook();
      if (await this.subscriptions.setDisabled(input.id, input.enabled ? null : input.by)) {
        const cancelled = input.enabled ? 0 : await this.deliveries.cancelOf(input.id);
        this.logger.log(
          { webhook: input.id, by: input.by, ...(input.enabled ? {} : { cancelled }) },
          input.enabled ? 'webhook subscription enabled' : 'webhook subscription disabled',
        );
      }
      return (await this.subscriptions.findById(input.id))!;
    });
  }

  async rotateSecret(input: {
    id: string;
    by: string;
  }): Promise<{ subscription: WebhookSubscriptionEntity; secret: string }> {
    const secret = newWebhookSecret();
    const subscription = await this.tenantDb.run(async () => {
      const found = UUID.test(input.id) ? await this.subscriptions.findById(input.id) : null;
      if (!found) throw noSuchWebhook();
      await this.subscriptions.replaceSecret(
        input.id,
        this.secrets.seal(secret, webhookSecretContext(currentTenant().id, input.id)),
      );
      return (await this.subscriptions.findById(input.id))!;
    });
    this.logger.log({ webhook: input.id, by: input.by }, 'webhook secret rotated');
    return { subscription, secret };
  }

  async delete(input: { id: string; by: string }): Promise<WebhookSubscriptionEntity> {
    const deleted = await this.tenantDb.run(async () => {
      const found = UUID.test(input.id) ? await this.subscriptions.findById(input.id) : null;
      if (!found || !(await this.subscriptions.delete(input.id))) throw noSuchWebhook();
      return found;
    });
    this.logger.log({ webhook: input.id, by: input.by }, 'webhook subscription deleted');
    return deleted;
  }
}
